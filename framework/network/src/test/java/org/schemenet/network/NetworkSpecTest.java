package org.schemenet.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.schemenet.lowering.ShortcutOption;

class NetworkSpecTest {

    @Test
    void cifarDepthsAreSixNPlusTwo() {
        NetworkSpec spec = NetworkSpec.cifar(56);
        assertEquals(List.of(9, 9, 9), spec.unitsPerStage());
        assertEquals(List.of(16, 32, 64), spec.widths());
        assertEquals(56, spec.depth());
        assertEquals(ShortcutOption.A, spec.shortcut());
        assertEquals(DataType.FLOAT, spec.dataType());
        assertEquals(110, NetworkSpec.cifar(110).depth());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 7, 19, 21, 0, -4})
    void otherDepthsAreRejectedWithTheRule(int depth) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetworkSpec.cifar(depth));
        assertTrue(e.getMessage().contains("6n + 2") && e.getMessage().contains(Integer.toString(depth)), e.getMessage());
    }

    @Test
    void invalidFieldsAreNamed() {
        NetworkSpec ok = NetworkSpec.cifar(20);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ok.withWidths(List.of(16, 32)))
                .getMessage().contains("one width per stage"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ok.withWidths(List.of(16, 8, 64)))
                .getMessage().contains("shortcut A"));
        ok.withShortcut(ShortcutOption.B).withWidths(List.of(16, 8, 64)); // B may shrink
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ok.withUnitsPerStage(List.of(3, 0, 3)))
                .getMessage().contains("stage 2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ok.withClasses(1)).getMessage().contains("classes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ok.withInput(0, 32, 3))
                .getMessage().contains("input shape"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ok.withDataType(DataType.INT))
                .getMessage().contains("FLOAT or DOUBLE"));
    }
}
