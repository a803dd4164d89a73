package org.schemenet.runner;

import java.util.LinkedHashMap;
import java.util.Map;
import org.schemenet.run.GivenSettings;
import org.schemenet.run.Setting;
import org.schemenet.run.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The run settings of {@link Settings} as command-line options: one {@code --KEY LABEL} option per
 * setting, with the setting's help text, added to a command's model by picocli before it parses
 * ({@code @Command(modelTransformer = SettingOptions.class)}). Values stay text until
 * {@link #given} types them with the setting's type; their range is the resolver's to check. Each option's
 * {@code userObject()} is its {@link Setting}, so that an option given without its value is named with what the
 * setting allows ({@link Main}).
 */
public final class SettingOptions implements CommandLine.IModelTransformer {

    @Override
    public CommandSpec transform(CommandSpec spec) {
        for (Setting<?> s : Settings.ALL) {
            spec.addOption(OptionSpec.builder(s.flag()).paramLabel(s.label()).description(s.help())
                    .type(String.class).userObject(s).build());
        }
        return spec;
    }

    /**
     * The settings given as flags, typed; {@link UsageException} naming the flag, the text and what
     * is allowed when a value has the wrong type.
     */
    public static GivenSettings given(ParseResult parsed, Map<String, String> schemeOptions) {
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        for (Setting<?> s : Settings.ALL) {
            if (parsed.hasMatchedOption(s.flag())) {
                String text = parsed.matchedOptionValue(s.flag(), null);
                try {
                    values.put(s, s.type().parse(text));
                } catch (IllegalArgumentException e) {
                    throw new UsageException(s.flag() + ": " + e.getMessage() + "; allowed: " + s.allowed());
                }
            }
        }
        return GivenSettings.flags(values, schemeOptions);
    }
}
