import java.util.*;
import org.deeplearning4j.nn.conf.*;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.*;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A/B in one JVM (attempts 3 and 4 of docs/performance.md): the pre-activation ResNet of depth 6n+2 (shortcut B
 * in every variant, Nesterov momentum 0.9, L2 1e-4, workspaces as named) built with every layer in NCHW or NHWC,
 * trained on one random batch of 128, variants interleaved per round; prints images/s and per-round ratios.
 * Not part of the build: run it as a single source file against the runner's class path,
 * <pre>
 *   OMP_PROC_BIND=close java -Xmx1g -cp "runner/target/schemenet-runner.jar:runner/target/lib/*" \
 *       -Dn=3 -Diters=3 -Drounds=3 -Dvariants=NCHW,NHWC,NHWC-nows runner/bench/experiments/LayoutExperiment.java
 * </pre>
 */
public class LayoutExperiment {
    static ComputationGraph build(CNN2DFormat f, WorkspaceMode ws) {
        var g = new NeuralNetConfiguration.Builder().seed(0).dataType(DataType.FLOAT).updater(new Nesterovs(0.1, 0.9))
                .l2(1e-4).weightInit(WeightInit.RELU).trainingWorkspaceMode(ws).inferenceWorkspaceMode(ws)
                .graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(32, 32, 3, f));
        g.addLayer("stem", conv(3, 16, 1, 3, f), "in");
        String cur = "stem";
        int w = 16;
        int n = Integer.getInteger("n", 3);
        int[] widths = {16, 32, 64};
        for (int s = 0; s < 3; s++) {
            for (int u = 0; u < n; u++) {
                int out = widths[s];
                int stride = (s > 0 && u == 0) ? 2 : 1;
                String p = "s" + s + "u" + u;
                g.addLayer(p + "bn1", bn(w, f), cur);
                g.addLayer(p + "r1", new ActivationLayer.Builder().activation(Activation.RELU).build(), p + "bn1");
                g.addLayer(p + "c1", conv(w, out, stride, 3, f), p + "r1");
                g.addLayer(p + "bn2", bn(out, f), p + "c1");
                g.addLayer(p + "r2", new ActivationLayer.Builder().activation(Activation.RELU).build(), p + "bn2");
                g.addLayer(p + "c2", conv(out, out, 1, 3, f), p + "r2");
                String sc = cur;
                if (stride != 1) {
                    g.addLayer(p + "proj", conv(w, out, 2, 1, f), p + "r1");
                    sc = p + "proj";
                }
                g.addVertex(p + "add", new ElementWiseVertex(ElementWiseVertex.Op.Add), p + "c2", sc);
                cur = p + "add";
                w = out;
            }
        }
        g.addLayer("hbn", bn(w, f), cur);
        g.addLayer("hr", new ActivationLayer.Builder().activation(Activation.RELU).build(), "hbn");
        g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "hr");
        g.addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(w).nOut(10)
                .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build(), "pool");
        g.setOutputs("out");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    static ConvolutionLayer conv(int in, int out, int stride, int k, CNN2DFormat f) {
        int pad = (k - 1) / 2;
        return new ConvolutionLayer.Builder(k, k).nIn(in).nOut(out).stride(stride, stride).padding(pad, pad)
                .convolutionMode(ConvolutionMode.Truncate).hasBias(false).dataFormat(f)
                .activation(Activation.IDENTITY).build();
    }

    static BatchNormalization bn(int c, CNN2DFormat f) {
        return new BatchNormalization.Builder().nIn(c).nOut(c).eps(1e-5).decay(0.9).dataFormat(f).build();
    }

    public static void main(String[] a) {
        System.setProperty("org.eclipse.deeplearning4j.helpers.disable", "false");
        int batch = 128, iters = Integer.getInteger("iters", 4), rounds = Integer.getInteger("rounds", 4);
        String[] variants = System.getProperty("variants", "NCHW,NHWC").split(",");
        Map<String, ComputationGraph> nets = new LinkedHashMap<>();
        Map<String, DataSet> data = new LinkedHashMap<>();
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 10);
        for (int i = 0; i < batch; i++) y.putScalar(i, i % 10, 1.0);
        for (String v : variants) {
            CNN2DFormat f = v.startsWith("NHWC") ? CNN2DFormat.NHWC : CNN2DFormat.NCHW;
            WorkspaceMode ws = v.endsWith("-nows") ? WorkspaceMode.NONE : WorkspaceMode.ENABLED;
            nets.put(v, build(f, ws));
            INDArray x = f == CNN2DFormat.NHWC ? Nd4j.rand(DataType.FLOAT, batch, 32, 32, 3)
                    : Nd4j.rand(DataType.FLOAT, batch, 3, 32, 32);
            data.put(v, new DataSet(x, y));
            for (int i = 0; i < 2; i++) nets.get(v).fit(data.get(v));   // warm-up
        }
        Map<String, List<Double>> train = new LinkedHashMap<>(), infer = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (String v : variants) {
                ComputationGraph net = nets.get(v);
                DataSet ds = data.get(v);
                long t0 = System.nanoTime();
                for (int i = 0; i < iters; i++) net.fit(ds);
                train.computeIfAbsent(v, k -> new ArrayList<>()).add(iters * batch / ((System.nanoTime() - t0) / 1e9));
                t0 = System.nanoTime();
                for (int i = 0; i < iters; i++) net.output(false, ds.getFeatures());
                infer.computeIfAbsent(v, k -> new ArrayList<>()).add(iters * batch / ((System.nanoTime() - t0) / 1e9));
                System.out.printf("round %d %s train %.1f infer %.1f score %.3f%n", r, v,
                        train.get(v).get(r), infer.get(v).get(r), net.score());
            }
        }
        for (String v : variants) {
            System.out.printf("%s median train %.1f infer %.1f; train ratio to %s per round %s%n", v, med(train.get(v)),
                    med(infer.get(v)), variants[0], ratios(train.get(v), train.get(variants[0])));
        }
    }

    static double med(List<Double> x) {
        List<Double> s = new ArrayList<>(x);
        Collections.sort(s);
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }

    static String ratios(List<Double> a, List<Double> b) {
        List<String> out = new ArrayList<>();
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) r.add(a.get(i) / b.get(i));
        for (double x : r) out.add(String.format("%.2f", x));
        return out + " median " + String.format("%.2f", med(r));
    }
}
