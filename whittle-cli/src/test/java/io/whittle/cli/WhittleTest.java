package io.whittle.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The parts of the command line that need no registry: finding the command, parsing locations and hosts. */
class WhittleTest {

    @Test
    void findsTheCommandPastGlobalOptions() {
        assertThat(Whittle.commandName(new String[] {"-o", "json", "--insecure", "copy", "a", "b"})).contains("copy");
        assertThat(Whittle.commandName(new String[] {"--platform", "linux/arm64", "inspect", "x"})).contains("inspect");
        assertThat(Whittle.commandName(new String[] {"--output=json", "tags", "x"})).contains("tags");
        assertThat(Whittle.commandName(new String[] {"--help"})).isEmpty();
    }

    @Test
    void registersOnlyTheNamedCommandButAllForHelp() {
        assertThat(Whittle.subcommandsFor(new String[] {"digest", "x"})).singleElement().isInstanceOf(DigestCommand.class);
        assertThat(Whittle.subcommandsFor(new String[] {"--data-dir", "/tmp/d", "connector", "list"})).singleElement()
                .isInstanceOf(io.whittle.cli.connector.ConnectorCommand.class);
        assertThat(Whittle.subcommandsFor(new String[] {"--help"})).hasSize(13);
        assertThat(Whittle.subcommandsFor(new String[] {"nonsense"})).hasSize(13);
    }

    @Test
    void locationsAreRegistryReferencesOrLayouts() {
        assertThat(Location.parse("nginx")).isEqualTo(new Location.Remote(io.whittle.oci.ImageReference.parse("docker.io/library/nginx:latest")));
        assertThat(Location.parse("oci:/tmp/x:v1")).isInstanceOf(Location.Layout.class)
                .extracting(Location::tagOrDigest).isEqualTo(java.util.Optional.of("v1"));
        assertThat(Location.parse("oci:/tmp/x").tagOrDigest()).isEmpty();
        assertThatThrownBy(() -> Location.parse("team/UPPER")).isInstanceOf(UsageException.class)
                .hasMessageContaining("lowercase");
    }

    @Test
    void catalogTakesAHost() {
        assertThat(CatalogCommand.host("127.0.0.1:5000")).isEqualTo("127.0.0.1:5000");
        assertThat(CatalogCommand.host("127.0.0.1:5000/")).isEqualTo("127.0.0.1:5000");
        assertThat(CatalogCommand.host("registry")).isEqualTo("registry");
        assertThat(CatalogCommand.host("index.docker.io")).isEqualTo("docker.io");
        assertThatThrownBy(() -> CatalogCommand.host("http://x")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> CatalogCommand.host("a/b")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> CatalogCommand.host("bad_host!")).isInstanceOf(UsageException.class);
    }
}
