package org.schemenet.network;

import java.util.Map;
import org.schemenet.scheme.ClassPathSchemes;
import org.schemenet.scheme.Discretisation;
import org.schemenet.scheme.Scheme;

/**
 * The library entry point: a scheme and a {@link NetworkSpec} to a ready DL4J {@code ComputationGraph}
 * ({@link CompiledNetwork#graph()}) with its learnable coefficients by name. No runner, Guice or PF4J plugin
 * manager: built-in schemes are found on the class path ({@link ClassPathSchemes}), e.g. with
 * {@code schemenet-adams} as an ordinary dependency. See {@code docs/library.md}.
 */
public final class Networks {

    private Networks() {
    }

    /** Compiles {@code scheme} with {@link TrainingSettings#defaults()}. */
    public static CompiledNetwork compile(Discretisation scheme, NetworkSpec spec) {
        return new NetworkCompiler().compile(scheme, spec);
    }

    public static CompiledNetwork compile(Discretisation scheme, NetworkSpec spec, TrainingSettings settings) {
        return new NetworkCompiler(settings).compile(scheme, spec);
    }

    /** Configures {@code scheme} with text options (validated against its option specs) and compiles it. */
    public static CompiledNetwork compile(Scheme scheme, Map<String, String> options, NetworkSpec spec,
                                          TrainingSettings settings) {
        return compile(scheme.configure(options), spec, settings);
    }

    /**
     * Finds the scheme called {@code name} on the class path, configures it with {@code options} and compiles.
     *
     * @throws IllegalArgumentException if no such scheme is on the class path (listing those that are, and the nearest
     *         name when it looks misspelt), or an option is invalid ({@code InvalidOptionException}, naming option,
     *         value and what is allowed)
     */
    public static CompiledNetwork compile(String name, Map<String, String> options, NetworkSpec spec,
                                          TrainingSettings settings) {
        return compile(ClassPathSchemes.load().find(name), options, spec, settings);
    }

    public static CompiledNetwork compile(String name, Map<String, String> options, NetworkSpec spec) {
        return compile(name, options, spec, TrainingSettings.defaults());
    }
}
