package org.schemenet.numerics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;
import org.schemenet.wiring.Coefficient;
import org.schemenet.wiring.StageWiring;

/**
 * Values of the learnable coefficients of a wiring, by name: what the interpreter needs to turn
 * a wiring with learnable coefficients into numbers.
 */
public record ParameterValues(Map<String, Double> values) implements ToDoubleFunction<String> {

    public ParameterValues {
        values = Map.copyOf(values);
        values.forEach((k, v) -> {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("learnable coefficient '" + k + "' is not finite: " + v);
            }
        });
    }

    public static final ParameterValues NONE = new ParameterValues(Map.of());

    /** The mean of each initialiser: the deterministic centre of the initial scheme. */
    public static ParameterValues means(StageWiring wiring) {
        Map<String, Double> v = new LinkedHashMap<>();
        wiring.learnables().forEach((name, p) -> v.put(name, p.initialiser().mean()));
        return new ParameterValues(v);
    }

    /** One draw from each initialiser. */
    public static ParameterValues sample(StageWiring wiring, RandomGenerator random) {
        Map<String, Double> v = new LinkedHashMap<>();
        wiring.learnables().forEach((name, p) -> v.put(name, p.initialiser().sample(random)));
        return new ParameterValues(v);
    }

    public double value(Coefficient c) {
        return c.value(this);
    }

    @Override
    public double applyAsDouble(String name) {
        Double v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no value for learnable coefficient '" + name + "'");
        }
        return v;
    }
}
