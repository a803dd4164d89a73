package org.schemenet.network.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.schemenet.lowering.ShortcutOption;
import org.schemenet.network.CompiledNetwork;
import org.schemenet.network.NetworkCompiler;
import org.schemenet.network.NetworkSpec;
import org.schemenet.network.OneDnn;
import org.schemenet.scheme.ClassPathSchemes;

/**
 * The convolutions and batch normalisations of a compiled network really run through oneDNN (the single largest
 * speed factor on CPU): after a training step every BN layer holds DL4J's {@code MKLDNNBatchNormHelper} that has
 * not failed, and every convolution is a {@link ChannelsLastConvolutionLayer}, which calls libnd4j's
 * {@code conv2d} ops directly; those dispatch to oneDNN when libnd4j's oneDNN switch and its platform helpers
 * are on (asserted here). Fails loudly if a DL4J/ND4J version bump breaks the
 * compatibility class {@code org.nd4j.nativeblas.Nd4jCpu$Environment} or the helper switch in {@link OneDnn}.
 */
class OneDnnHelpersTest {

    @Test
    void compatibilityClassForwardsToTheRealEnvironment() throws Exception {
        Class<?> real = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
        boolean expected = (Boolean) real.getMethod("isUseONEDNN").invoke(real.getMethod("getInstance").invoke(null));
        assertTrue(expected, "nd4j-native's oneDNN build should report oneDNN in use");
        assertEquals(expected, org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN());
    }

    @Test
    void convolutionAndBatchNormRunThroughOneDnn() throws Exception {
        CompiledNetwork net = new NetworkCompiler().compile(ClassPathSchemes.load().find("euler").configure(Map.of()),
                NetworkSpec.cifar(8).withInput(8, 8, 3).withWidths(List.of(4, 8, 16)).withShortcut(ShortcutOption.B));
        assertTrue(OneDnn.helpersEnabled(), "compiling must enable DL4J's layer helpers");
        assertTrue(BaseMKLDNNHelper.mklDnnEnabled(), "DL4J's oneDNN check fails: compatibility class not found?");
        assertTrue(Nd4j.getEnvironment().helpersAllowed(), "libnd4j's platform (oneDNN) helpers are switched off");
        Class<?> real = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
        assertTrue((Boolean) real.getMethod("isUseONEDNN").invoke(real.getMethod("getInstance").invoke(null)),
                "libnd4j does not use oneDNN");
        Nd4j.getRandom().setSeed(1);
        DataSet batch = new DataSet(Nd4j.rand(DataType.FLOAT, 4, 3, 8, 8),
                Nd4j.eye(4).get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.all()).castTo(DataType.FLOAT));
        batch.setLabels(Nd4j.zeros(DataType.FLOAT, 4, 10).putScalar(0, 1, 1).putScalar(1, 2, 1).putScalar(2, 3, 1)
                .putScalar(3, 4, 1));
        net.graph().fit(batch);
        net.graph().output(false, batch.getFeatures());
        int convolutions = 0;
        int batchNorms = 0;
        for (Layer layer : net.graph().getLayers()) {
            String name = layer.getConfig().getLayerName();
            if (layer instanceof ConvolutionLayer) {
                assertTrue(layer instanceof ChannelsLastConvolutionLayer, name + ": " + layer.getClass());
                convolutions++;
            } else if (layer instanceof BatchNormalization bn) {
                assertTrue(bn.getHelper() instanceof MKLDNNBatchNormHelper, name + " helper: " + bn.getHelper());
                assertEquals(0, failures(BatchNormalization.class, layer), name + ": oneDNN helper failed");
                batchNorms++;
            }
        }
        // depth 8: stem + 2 per unit + 2 projections (shortcut B); BN: 2 per unit + head
        assertEquals(1 + 6 + 2, convolutions);
        assertEquals(6 + 1, batchNorms);
    }

    /** DL4J counts helper exceptions (after which it falls back to built-in code) in {@code helperCountFail}. */
    private static int failures(Class<?> type, Layer layer) throws ReflectiveOperationException {
        Field f = type.getDeclaredField("helperCountFail");
        f.setAccessible(true);
        return f.getInt(layer);
    }
}
