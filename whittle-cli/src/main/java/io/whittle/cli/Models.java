package io.whittle.cli;

import java.util.Objects;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Small builders for {@link Modelled} commands, so that a model reads like the annotations it replaces, and the
 * reading of parsed values back.
 */
final class Models {
    private Models() {
    }

    /**
     * A command named {@code name} bound to {@code command}, with {@code -h/--help} and {@code -V/--version} as
     * picocli's standard help options have them (that mixin is read from annotations, so it is spelled out here).
     */
    static CommandSpec command(Object command, String name, String... description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(Objects.requireNonNull(command, "command")).name(name);
        spec.versionProvider(new Whittle.VersionProvider());
        spec.usageMessage().description(description);
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
        return spec;
    }

    /** A boolean option, false unless given. */
    static OptionSpec flag(String description, String... names) {
        return OptionSpec.builder(names).type(boolean.class).arity("0").initialValue(false).description(description)
                .build();
    }

    /** An option taking one value of {@code type}. */
    static OptionSpec.Builder option(Class<?> type, String label, String description, String... names) {
        return OptionSpec.builder(names).type(type).paramLabel(label).description(description);
    }

    /** The required positional parameter at {@code index}, a string. */
    static PositionalParamSpec parameter(int index, String label, String description) {
        return PositionalParamSpec.builder().index(String.valueOf(index)).arity("1").required(true).type(String.class)
                .paramLabel(label).description(description).build();
    }

    /** The value the option named {@code name} was given (or its default; null when it has neither). */
    static <T> T value(CommandSpec spec, String name) {
        return spec.findOption(name).getValue();
    }

    /** True when the flag named {@code name} was given. */
    static boolean flag(CommandSpec spec, String name) {
        return Boolean.TRUE.equals(spec.findOption(name).getValue());
    }

    /** The value of the positional parameter at {@code index}. */
    static String parameter(CommandSpec spec, int index) {
        return spec.positionalParameters().get(index).getValue();
    }
}
