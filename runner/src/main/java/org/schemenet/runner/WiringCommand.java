package org.schemenet.runner;

import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.schemenet.lowering.Lowering;
import org.schemenet.network.NetworkSpec;
import org.schemenet.scheme.Count;
import org.schemenet.scheme.Discretisation;
import org.schemenet.wiring.StageStart;
import org.schemenet.wiring.StageWiring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code runner wiring}: the stage wiring programs a scheme emits for a network of {@code --depth},
 * one per stage ({@link StageWiring#listing()}), as the network compiler will read them: stage 1
 * starts cold, the later stages with a transition. No network is built.
 */
@Command(name = "wiring", mixinStandardHelpOptions = true,
        description = {"Prints the stage wiring program of each stage of a network of --depth, as the scheme emits it "
                + "and the network compiler reads it (StageWiring.listing()): one line per value, v_i = input, "
                + "f_u(v) (residual unit u), shortcut(v) or a linear combination, '; y_n' marking the end of step n.",
                "Stage 1 starts cold; stages 2 and 3 begin with the downsampling transition (unit 0)."})
public final class WiringCommand implements Callable<Integer> {

    @Option(names = "--scheme", required = true, paramLabel = "NAME", description = "the scheme, e.g. adams")
    String scheme;

    @Mixin
    SchemeOptions schemeOptions;

    @Option(names = "--depth", paramLabel = "N", converter = NumberOptions.Depth.class,
            description = "network depth 6n+2 (default 20)")
    long depth = 20;

    @Option(names = "--stage", paramLabel = "S", converter = NumberOptions.Stage.class,
            description = "only this stage (1-based)")
    Integer stage;

    @Mixin
    PluginFolderOption plugins;

    @Mixin
    VerboseOption verbose;

    private final SchemeService schemes;
    private final Console console;

    @Inject
    WiringCommand(SchemeService schemes, Console console) {
        this.schemes = schemes;
        this.console = console;
    }

    @Override
    public Integer call() {
        List<Integer> units;
        try {
            units = NetworkSpec.cifar((int) depth).unitsPerStage();
        } catch (IllegalArgumentException e) {
            throw new UsageException("--depth: " + e.getMessage(), e);
        }
        Optional<ConfiguredScheme> chosen = schemeOptions.chosen(schemes, plugins.folder(), scheme, console.out());
        if (chosen.isEmpty()) {
            return Main.OK;
        }
        ConfiguredScheme c = chosen.get();
        Discretisation d = c.discretisation();
        var out = console.out();
        out.printf("%s (%s; options %s), depth %d: %s units per stage%n", c.name(), d.description(), c.optionsText(),
                depth, units);
        for (int s = 0; s < units.size(); s++) {
            if (stage != null && stage != s + 1) {
                continue;
            }
            StageStart start = StageStart.inNetwork(s, units.get(s));
            StageWiring w;
            try {
                w = Lowering.wire(d, s + 1, start);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--scheme " + c.name() + " at --depth " + depth + " (" + c.entry().origin()
                        + "): " + e.getMessage(), e);
            }
            out.println();
            out.printf("stage %d (%s): %s, %s%n", s + 1, start, Count.of(w.units(), "unit"),
                    Count.of(w.steps().size(), "step"));
            out.print(w.listing());
        }
        return Main.OK;
    }
}
