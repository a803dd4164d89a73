package org.schemenet.lowering;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.schemenet.scheme.ClassPathSchemes;
import org.schemenet.scheme.Discretisation;
import org.schemenet.wiring.StageStart;

/**
 * The stage wirings the equivalence tests run, here and in framework/network (through this module's test jar): the
 * two test schemes and the built-in schemes in their fixed and learnable forms, each as a cold and a transition stage
 * of 1, 2, 7 and 9 units.
 */
public final class TestWirings {

    private TestWirings() {
    }

    /** The schemes by label. */
    public static Map<String, Discretisation> schemes() {
        ClassPathSchemes schemes = ClassPathSchemes.load();
        Map<String, Discretisation> all = new LinkedHashMap<>();
        all.put("all node kinds", new AllNodeKinds());
        all.put("mixed", new MixedWiring());
        all.put("euler", schemes.find("euler").configure(Map.of()));
        for (String k : List.of("2", "3", "4")) {
            for (String c : List.of("fixed", "learnable")) {
                all.put("adams k=" + k + " " + c, schemes.find("adams").configure(Map.of("k", k, "coefficients", c)));
            }
        }
        all.put("lm learnable", schemes.find("lm").configure(Map.of()));
        all.put("lm fixed k=-0.05", schemes.find("lm").configure(Map.of("coefficients", "fixed", "k", "-0.05")));
        for (String t : List.of("midpoint", "heun3", "rk4")) {
            all.put("rk " + t + " fixed", schemes.find("rk").configure(Map.of("tableau", t)));
            all.put("rk " + t + " learnable", schemes.find("rk").configure(Map.of("tableau", t,
                    "coefficients", "learnable")));
        }
        return all;
    }

    /** {@code (label, StageWiring)} for every scheme and start the scheme accepts. */
    public static Stream<Arguments> wirings() {
        List<StageStart> starts = List.of(new StageStart.Cold(7), new StageStart.Transition(7), new StageStart.Cold(1),
                new StageStart.Transition(2), new StageStart.Cold(9), new StageStart.Transition(9));
        Stream.Builder<Arguments> cases = Stream.builder();
        schemes().forEach((label, scheme) -> starts.forEach(start -> {
            try {
                cases.add(Arguments.of(label + ", " + start, scheme.wire(start)));
            } catch (IllegalArgumentException unsupportedUnitCount) {
                // a scheme may not accept every unit count (e.g. RK with s > units): nothing to compare
            }
        }));
        return cases.build();
    }
}
