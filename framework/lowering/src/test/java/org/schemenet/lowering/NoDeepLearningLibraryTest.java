package org.schemenet.lowering;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lowering pass runs without DL4J and ND4J: not one of their classes is on this module's test class path (the
 * enforcer rule in the pom keeps them out of every scope; this shows that what it checks is what runs).
 */
class NoDeepLearningLibraryTest {

    @ParameterizedTest
    @ValueSource(strings = {"org.nd4j.linalg.factory.Nd4j", "org.nd4j.linalg.api.ndarray.INDArray",
            "org.deeplearning4j.nn.graph.ComputationGraph", "org.deeplearning4j.nn.conf.layers.ConvolutionLayer",
            "org.bytedeco.javacpp.Loader"})
    void classIsNotOnTheClassPath(String name) {
        assertThrows(ClassNotFoundException.class, () -> Class.forName(name, false, getClass().getClassLoader()));
    }
}
