package io.whittle.cli;

import picocli.CommandLine.Model.CommandSpec;

/**
 * A command whose picocli model is built in code rather than read from annotations. Reading annotations makes the
 * JDK generate a proxy class per annotation type, which in a fresh JVM cost the registry commands some 60 ms of
 * their start, more than the rest of picocli together. The commands a user runs most are modelled this way; the
 * others keep their annotations, read only when they are named or listed.
 */
interface Modelled {

    /** Builds this command's model, bound to this instance, under the top-level command {@code parent}. */
    CommandSpec model(Whittle parent);
}
