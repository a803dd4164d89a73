package org.schemenet.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.schemenet.engine.RunData;
import org.schemenet.network.CompiledNetwork;
import org.schemenet.run.RunIdentity;
import org.schemenet.run.RunSettings;
import org.schemenet.run.Settings;
import org.schemenet.scheme.Count;

/**
 * What a run is, told twice from one place: the lines a run prints when it starts (scheme, network, data,
 * protocol, engine, build) and the description at the head of its summary.json (settings, run id, scheme
 * with its claimed and measured order, network with its fingerprint, data with its checksum, software
 * with the commit, back end, engine).
 */
record RunDescription(RunSettings settings, LoadedScheme scheme, CompiledNetwork network, RunData data,
                      RunIdentity identity, String engine, SystemInfo system) {

    /** The lines printed when the run starts. */
    List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(schemeLine(scheme));
        out.add("network: " + network.summary());
        out.add("data: " + data.summaryLine());
        out.add(String.format("protocol: SGD with heavy-ball momentum %s, lr %s divided by 10 after epochs %s, weight "
                        + "decay %s, batch %d, %s, seed %d, %s", settings.get(Settings.MOMENTUM),
                settings.get(Settings.LR), settings.get(Settings.MILESTONES), settings.get(Settings.WEIGHT_DECAY),
                settings.integer(Settings.BATCH_SIZE), Count.of(settings.integer(Settings.EPOCHS), "epoch"),
                settings.get(Settings.SEED), Count.of(settings.integer(Settings.THREADS), "thread")));
        out.add("engine: " + engine);
        Map<String, Object> software = system.software();
        out.add("build: commit " + software.get("commit") + (Boolean.TRUE.equals(software.get("dirty"))
                ? " with uncommitted changes" : ""));
        return out;
    }

    /** The description at the head of summary.json. */
    Map<String, Object> summary() {
        Map<String, Object> d = new LinkedHashMap<>();
        Map<String, Object> configuration = new LinkedHashMap<>();
        settings.values().forEach((s, v) -> configuration.put(s.key(), v));
        configuration.put("schemeOptions", settings.schemeOptions());
        configuration.put("optimizer", "SGD with heavy-ball momentum (v = mu v + g; w = w - lr v), L2 on weights "
                + "before the updater (PyTorch weight_decay)");
        d.put("configuration", configuration);
        d.put("run", Map.of("id", identity.runId(), "created", String.valueOf(identity.created())));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", scheme.entry().scheme().name());
        s.put("description", scheme.discretisation().description());
        s.put("order", scheme.discretisation().order());
        s.put("measuredOrder", scheme.check().measuredOrderRounded());
        s.put("options", scheme.options());
        s.put("plugin", scheme.entry().pluginId());
        s.put("pluginVersion", scheme.entry().pluginVersion());
        d.put("scheme", s);
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("depth", network.spec().depth());
        n.put("shortcut", network.spec().shortcut().name());
        n.put("unitsPerStage", network.unitsPerStage());
        n.put("stepsPerStage", network.stepsPerStage());
        n.put("trainableParameters", network.trainableParameters());
        n.put("learnableCoefficients", network.coefficientNames());
        n.put("fingerprint", network.fingerprint());
        n.put("summary", network.summary());
        d.put("network", n);
        d.put("data", data.description());
        d.put("software", system.software());
        d.put("backend", system.backend(settings.integer(Settings.THREADS)));
        d.put("engine", engine);
        return d;
    }

    /** {@code scheme: NAME (DESCRIPTION; options {...}; plugin ID VERSION)}. */
    static String schemeLine(LoadedScheme s) {
        return "scheme: " + s.entry().scheme().name() + " (" + s.discretisation().description() + "; options "
                + s.options() + "; plugin " + s.entry().pluginId() + " " + s.entry().pluginVersion() + ")";
    }

    /** The data's part of the run's identity: checksum, name, image counts, from the data's description. */
    static RunIdentity.Data dataIdentity(RunData data) {
        Map<String, Object> d = data.description();
        return new RunIdentity.Data(String.valueOf(d.get("sha256")), String.valueOf(d.get("name")),
                d.get("trainImages") instanceof Number n ? n.longValue() : -1,
                d.get("testImages") instanceof Number n ? n.longValue() : -1);
    }

    /** The network's part of the run's identity: its fingerprints and parameter count. */
    static RunIdentity.Network networkIdentity(CompiledNetwork net) {
        return new RunIdentity.Network(net.fingerprint(), net.trainableParameters(), net.connectionsFingerprint(),
                net.fixedCoefficientsFingerprint());
    }
}
