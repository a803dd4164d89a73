package org.schemenet.lowering;

import java.util.ArrayList;
import java.util.List;

/**
 * The scheme-specific part of a network, lowered from its stage wirings: stage after stage of residual units,
 * shortcuts, coefficient groups and combinations ({@link LoweredNode}). Stage 1 starts from {@link #STEM}, the value
 * a back end computes in front of the stages; each later stage starts from the previous stage's output. What is the
 * same for every scheme (the stem and the head) is the back end's.
 *
 * @param scheme   the scheme's description, e.g. {@code forward Euler}
 * @param shortcut the projection of every transition's entry state
 * @param stages   the stages, in order
 */
public record LoweredNetwork(String scheme, ShortcutOption shortcut, List<LoweredStage> stages) {

    /** The value stage 1 starts from: the stem (a back end's layer in front of the stages). */
    public static final String STEM = "stem";

    public LoweredNetwork {
        if (scheme == null || shortcut == null || stages == null || stages.isEmpty()) {
            throw new IllegalArgumentException("a lowered network needs a scheme, a shortcut option and stages");
        }
        stages = List.copyOf(stages);
        String entry = STEM;
        for (LoweredStage s : stages) {
            if (!s.entry().equals(entry)) {
                throw new IllegalArgumentException("stage" + s.index() + " starts from " + s.entry() + ", expected "
                        + entry);
            }
            entry = s.output();
        }
    }

    /** The node computing the last stage's output, which the back end's head reads. */
    public String output() {
        return stages.get(stages.size() - 1).output();
    }

    /** Every learnable coefficient, stage by stage ({@link LoweredStage#parameters()} order). */
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        stages.forEach(s -> all.addAll(s.parameters()));
        return List.copyOf(all);
    }
}
