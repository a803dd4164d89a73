package org.schemenet.runner;

import java.util.function.LongPredicate;
import org.schemenet.network.NetworkSpec;
import org.schemenet.run.Setting;
import org.schemenet.run.SettingType;
import org.schemenet.run.Settings;
import picocli.CommandLine;

/**
 * The number options that picocli reads for a command ({@code sweep --parallel}, {@code bench --repeats}, {@code --ui},
 * {@code wiring --stage}, {@code stability --stage} and {@code --re-min}, and the run settings {@code sweep}, {@code bench} and
 * {@code wiring} take as options of their own, {@code bench --depth}, {@code sweep --epochs}) as picocli converters ({@code @Option(converter = ...)}): the text is read as a setting's
 * integer is ({@link SettingType.Integer}: digits too many for a long are a number out of range, not "not an
 * integer") and checked against the option's range as it is parsed. A value refused is a {@link Refused} whose
 * message is the fault and what is allowed; {@link Main} prints it after the option's name, in the words of the
 * training command's options: {@code error: --parallel: 0 is out of range; allowed: an integer in [1, 2147483647]}.
 */
final class NumberOptions {
    private NumberOptions() {
    }

    /** A value the option does not allow: the fault and what is allowed, without the option's name (Main adds it). */
    static final class Refused extends CommandLine.TypeConversionException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** A converter that can say what it allows, for an option given without its value ({@link Main}). */
    interface Allowing {
        /** What the option allows, e.g. {@code an integer in [1, 2147483647]}. */
        String allowed();
    }

    /** The whole number {@code text} if {@code valid} allows it; {@link Refused} naming the fault otherwise. */
    static long read(String text, LongPredicate valid, String allowed) {
        long value;
        try {
            value = new SettingType.Integer().parse(text);
        } catch (IllegalArgumentException e) {
            throw new Refused(e.getMessage() + "; allowed: " + allowed);
        }
        if (!valid.test(value)) {
            throw new Refused(value + " is out of range; allowed: " + allowed);
        }
        return value;
    }

    /** A count of a command's own from {@code min} to the largest int ({@code sweep --parallel}, {@code bench --repeats}). */
    abstract static class Count implements CommandLine.ITypeConverter<Integer>, Allowing {
        private final long min;
        private final String note;

        Count(long min, String note) {
            this.min = min;
            this.note = note;
        }

        @Override
        public Integer convert(String text) {
            return (int) read(text, v -> v >= min && v <= Integer.MAX_VALUE, allowed());
        }

        @Override
        public String allowed() {
            return SettingType.Integer.range(min, Integer.MAX_VALUE) + note;
        }
    }

    /** 1, 2, ... */
    static final class Positive extends Count {
        Positive() {
            super(1, "");
        }
    }

    /** 0, 1, ... */
    static final class NonNegative extends Count {
        NonNegative() {
            super(0, "");
        }
    }

    /** {@code bench --step-profile}: steps to profile, 0 for none. */
    static final class ProfileSteps extends Count {
        ProfileSteps() {
            super(0, " (0: no profile)");
        }
    }

    /** {@code --ui=PORT}: a TCP port on 127.0.0.1, 1 to 65535, or 0 for any free port. */
    static final class Port implements CommandLine.ITypeConverter<Integer>, Allowing {
        static final String ALLOWED = "a port in [1, 65535], or 0 for any free port";

        @Override
        public Integer convert(String text) {
            return (int) read(text, v -> v >= 0 && v <= 65535, ALLOWED);
        }

        @Override
        public String allowed() {
            return ALLOWED;
        }
    }

    /**
     * {@code wiring --stage} and {@code stability --stage}: a stage of the CIFAR network, 1 to its number of stages
     * (one per width, {@link NetworkSpec#CIFAR_WIDTHS}), whatever the depth.
     */
    static final class Stage implements CommandLine.ITypeConverter<Integer>, Allowing {
        static final int STAGES = NetworkSpec.CIFAR_WIDTHS.size();

        @Override
        public Integer convert(String text) {
            return (int) read(text, v -> v >= 1 && v <= STAGES, allowed());
        }

        @Override
        public String allowed() {
            return SettingType.Integer.range(1, STAGES);
        }
    }

    /**
     * {@code stability --re-min}, the left edge of the view: a finite number below 0, read as a setting's number is
     * (1e400 and NaN are refused as they are read).
     */
    static final class NegativeNumber implements CommandLine.ITypeConverter<Double>, Allowing {
        private static final String ALLOWED = "a number < 0, e.g. -4 or -2.5";

        @Override
        public Double convert(String text) {
            double value;
            try {
                value = new SettingType.Real().parse(text);
            } catch (IllegalArgumentException e) {
                throw new Refused(e.getMessage() + "; allowed: " + ALLOWED);
            }
            if (!(value < 0)) {
                throw new Refused(text.trim() + " is out of range; allowed: " + ALLOWED);
            }
            return value;
        }

        @Override
        public String allowed() {
            return ALLOWED;
        }
    }

    /** A run setting given as a command's own option: the setting's range and words ({@link Settings}). */
    abstract static class OfSetting implements CommandLine.ITypeConverter<Long>, Allowing {
        private final Setting<Long> setting;

        OfSetting(Setting<Long> setting) {
            this.setting = setting;
        }

        @Override
        public Long convert(String text) {
            return read(text, setting::allows, setting.allowed());
        }

        @Override
        public String allowed() {
            return setting.allowed();
        }
    }

    static final class Depth extends OfSetting {
        Depth() {
            super(Settings.DEPTH);
        }
    }

    static final class Epochs extends OfSetting {
        Epochs() {
            super(Settings.EPOCHS);
        }
    }

    static final class BatchSize extends OfSetting {
        BatchSize() {
            super(Settings.BATCH_SIZE);
        }
    }

    static final class Seed extends OfSetting {
        Seed() {
            super(Settings.SEED);
        }
    }

    static final class Threads extends OfSetting {
        Threads() {
            super(Settings.THREADS);
        }
    }
}
