package org.schemenet.network;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.schemenet.lowering.AllNodeKinds;
import org.schemenet.lowering.CoefficientDecay;
import org.schemenet.lowering.ShortcutOption;
import org.schemenet.scheme.ClassPathSchemes;
import org.schemenet.scheme.Discretisation;

/**
 * The networks whose checkpoints and configurations were written by the network compiler of commit b87aa69, before
 * the compiler was split into a lowering pass and a DL4J back end and its layers moved to a package of their own
 * (issue 19). {@code OldCheckpointTest} loads them with today's code.
 *
 * <ul>
 *   <li>{@link #CHECKPOINTS}: each compiled, trained {@value #STEPS} steps on {@link #batch()} (Nesterov momentum
 *       0.01 / 0.9), written with {@code ModelSerializer.writeModel(graph, file, true)} (updater state included)
 *       as {@code checkpoints/NAME.zip}; next to it {@code NAME.txt}: the learnable coefficients (one
 *       {@code name value} line each), the inference output for {@link #input()} ({@code output ...}) and the
 *       inference output after one more training step on {@link #batch()} ({@code after-step ...});</li>
 *   <li>{@link #CONFIGURATIONS}: the configuration JSON of each freshly compiled network
 *       ({@code ComputationGraphConfiguration#toJson}), gzipped, as {@code checkpoints/NAME.json.gz}.</li>
 * </ul>
 *
 * <p>Run {@link #main} with the output folder (the test resources' {@code org/schemenet/network/checkpoints}) to
 * write them again; done once, at b87aa69: files written by later code would not test old checkpoints.
 */
final class CheckpointFixtures {

    /** Training steps before the checkpoint is written. */
    static final int STEPS = 2;

    /** One fixture network: a scheme, a spec and the compiler's settings. */
    record Case(String name, Discretisation scheme, NetworkSpec spec, ActivationLayout layout,
                CoefficientDecay decay) {
        NetworkCompiler compiler() {
            return new NetworkCompiler(TrainingSettings.defaults().withUpdater(new Nesterovs(0.01, 0.9))
                    .withCoefficientDecay(decay), layout);
        }
    }

    private static final List<Integer> WIDTHS = List.of(4, 8, 16);

    private static Discretisation scheme(String name, Map<String, String> options) {
        return ClassPathSchemes.load().find(name).configure(options);
    }

    /** Networks written as checkpoints: every custom layer, vertex and preprocessor of the compiler. */
    static final List<String> CHECKPOINTS = List.of("euler-d8", "adams3-learnable-d20");

    /** Networks whose freshly compiled configuration is recorded. */
    static final List<String> CONFIGURATIONS = List.of("euler-d8", "adams3-learnable-d20", "lm-d14-nchw",
            "rk4-shortcut-b", "all-node-kinds-shortcut-b", "all-node-kinds-nchw-decay-all",
            "euler-d8-double");

    static Case fixture(String name) {
        NetworkSpec small = NetworkSpec.cifar(8).withInput(8, 8, 3).withWidths(WIDTHS);
        return switch (name) {
            case "euler-d8" -> new Case(name, scheme("euler", Map.of()), small, ActivationLayout.NHWC,
                    CoefficientDecay.AS_DECLARED);
            case "adams3-learnable-d20" -> new Case(name, scheme("adams", Map.of("k", "3", "coefficients", "learnable")),
                    NetworkSpec.cifar(20).withInput(8, 8, 3).withWidths(WIDTHS), ActivationLayout.NHWC,
                    CoefficientDecay.AS_DECLARED);
            case "lm-d14-nchw" -> new Case(name, scheme("lm", Map.of()),
                    NetworkSpec.cifar(14).withInput(8, 8, 3).withWidths(WIDTHS), ActivationLayout.NCHW,
                    CoefficientDecay.AS_DECLARED);
            case "rk4-shortcut-b" -> new Case(name, scheme("rk", Map.of("tableau", "rk4",
                    "coefficients", "learnable")), small.withUnitsPerStage(List.of(4, 5, 5))
                    .withShortcut(ShortcutOption.B), ActivationLayout.NHWC, CoefficientDecay.AS_DECLARED);
            case "all-node-kinds-shortcut-b" -> new Case(name, new AllNodeKinds(),
                    small.withUnitsPerStage(List.of(2, 7, 1)).withShortcut(ShortcutOption.B), ActivationLayout.NHWC,
                    CoefficientDecay.AS_DECLARED);
            case "all-node-kinds-nchw-decay-all" -> new Case(name, new AllNodeKinds(),
                    small.withUnitsPerStage(List.of(6, 2, 3)).withWidths(List.of(2, 3, 7)), ActivationLayout.NCHW,
                    CoefficientDecay.ALL);
            case "euler-d8-double" -> new Case(name, scheme("euler", Map.of()), small.withDataType(DataType.DOUBLE),
                    ActivationLayout.NHWC, CoefficientDecay.AS_DECLARED);
            default -> throw new IllegalArgumentException("no fixture " + name);
        };
    }

    /** The fixed input: {@code [8, 3, 8, 8]}, element {@code i} (c order) {@code = sin(i) / 2 + 0.5}. */
    static INDArray input() {
        float[] x = new float[8 * 3 * 8 * 8];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (Math.sin(i) / 2 + 0.5);
        }
        return Nd4j.create(x, new long[]{8, 3, 8, 8}, DataType.FLOAT);
    }

    /** {@link #input()} with labels {@code i mod 10}. */
    static DataSet batch() {
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 8, 10);
        for (int i = 0; i < 8; i++) {
            labels.putScalar(i, i % 10, 1.0);
        }
        return new DataSet(input(), labels);
    }

    static float[] output(ComputationGraph graph) {
        return graph.outputSingle(false, input()).castTo(DataType.FLOAT).dup().data().asFloat();
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        for (String name : CONFIGURATIONS) {
            Case c = fixture(name);
            String json = c.compiler().compile(c.scheme(), c.spec()).graph().getConfiguration().toJson();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (OutputStream gz = new GZIPOutputStream(bytes)) {
                gz.write(json.getBytes(StandardCharsets.UTF_8));
            }
            Files.write(dir.resolve(name + ".json.gz"), bytes.toByteArray());
        }
        for (String name : CHECKPOINTS) {
            Case c = fixture(name);
            CompiledNetwork net = c.compiler().compile(c.scheme(), c.spec());
            ComputationGraph g = net.graph();
            for (int i = 0; i < STEPS; i++) {
                g.fit(batch());
            }
            File zip = dir.resolve(name + ".zip").toFile();
            ModelSerializer.writeModel(g, zip, true);
            List<String> lines = new ArrayList<>();
            net.coefficients().forEach((k, v) -> lines.add(k + " " + v));
            lines.add("output " + join(output(g)));
            g.fit(batch());
            lines.add("after-step " + join(output(g)));
            Files.write(dir.resolve(name + ".txt"), lines, StandardCharsets.UTF_8);
        }
    }

    private static String join(float[] values) {
        StringBuilder b = new StringBuilder();
        for (float v : values) {
            b.append(b.length() == 0 ? "" : " ").append(v);
        }
        return b.toString();
    }
}
