package io.whittle.cli.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.cli.ExitCode;
import io.whittle.cli.Shell;
import io.whittle.oci.Digest;
import java.util.ArrayList;
import java.util.List;

/**
 * The command-line flow every provider goes through against its emulator: add (a wrong secret first: exit 4, the
 * exact sentence, nothing saved), list, show, test, images, images REPO, inspect and push with the connector, a
 * read-only credential's push refused with exit 4, and rm.
 */
final class Flow {
    final Shell run;

    Flow(Shell run) {
        this.run = run;
    }

    /** {@code connector add ARGS} with {@code secret} on standard input; answers the ID it printed. */
    String add(String secret, String... args) {
        Shell.Result r = run.withStdin(secret, concat(List.of("connector", "add"), args));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String id = r.firstLine();
        assertThat(id).matches("[a-z]+\\.[0-9a-hjkmnp-tv-z]{10}");
        assertThat(r.stdout()).contains("Use it: whittle images --connector " + id);
        return id;
    }

    /** {@code connector add ARGS} refused with exit 4 and exactly {@code sentence}; nothing is saved. */
    void refused(String secret, String sentence, String... args) {
        List<String> before = ids();
        Shell.Result r = run.withStdin(secret, concat(List.of("connector", "add"), args));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.AUTH);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).isEqualTo("whittle: " + sentence + "\n");
        assertThat(ids()).as("nothing saved").isEqualTo(before);
    }

    List<String> ids() {
        Shell.Result r = run.whittle("connector", "list", "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> out = new ArrayList<>();
        r.json().path("connectors").forEach(c -> out.add(c.path("id").asText()));
        return out;
    }

    /** list, show and test agree on what the connector is. */
    void listShowTest(String id, String host, String access, String secretField) {
        Shell.Result list = run.whittle("connector", "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.stdout().lines().filter(l -> l.startsWith(id + " "))).singleElement()
                .satisfies(l -> assertThat(l).contains(host, access, "verified"));

        Shell.Result show = run.whittle("connector", "show", id, "-o", "json");
        assertThat(show.exitCode()).as(show.toString()).isZero();
        JsonNode c = show.json();
        assertThat(c.path("id").asText()).isEqualTo(id);
        assertThat(c.path("registry").asText()).isEqualTo(host);
        assertThat(c.path("access").asText()).isEqualTo(access);
        assertThat(c.path("status").asText()).isEqualTo("verified");
        if (!secretField.isEmpty()) {
            assertThat(c.path("secrets")).extracting(JsonNode::asText).contains(secretField);
            assertThat(run.whittle("connector", "show", id).stdout())
                    .contains(secretField + " (stored encrypted, never shown)");
        }

        Shell.Result test = run.whittle("connector", "test", id);
        assertThat(test.exitCode()).as(test.toString()).isZero();
        assertThat(test.stdout()).contains("checked and verified: " + host);
    }

    /** The connector lists {@code repository} and its {@code tag} with {@code digest}. */
    void images(String id, String repository, String tag, Digest digest) {
        Shell.Result repos = run.whittle("images", "--connector", id);
        assertThat(repos.exitCode()).as(repos.toString()).isZero();
        assertThat(repos.stdout().lines().map(l -> l.split("\\s+")[0])).contains(repository);

        Shell.Result tags = run.whittle("images", "--connector", id, repository);
        assertThat(tags.exitCode()).as(tags.toString()).isZero();
        assertThat(tags.stdout().lines().filter(l -> l.startsWith(tag + " "))).singleElement()
                .satisfies(l -> assertThat(l).contains(digest.toString()));

        JsonNode json = run.whittle("images", "--connector", id, repository, "-o", "json").json();
        assertThat(json.path("connector").asText()).isEqualTo(id);
        assertThat(json.path("repository").asText()).isEqualTo(repository);
        assertThat(json.path("tags")).filteredOn(t -> t.path("name").asText().equals(tag)).singleElement()
                .satisfies(t -> assertThat(t.path("digest").asText()).isEqualTo(digest.toString()));
    }

    /** {@code inspect --connector} reads the image. */
    void inspect(String id, String reference, Digest digest) {
        Shell.Result r = run.whittle("inspect", "--connector", id, reference, "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.json().path("digest").asText()).isEqualTo(digest.toString());
    }

    /** {@code copy --to-connector} pushes a local image; the connector reads it back. */
    void push(String id, String reference, String marker) {
        Shell.Result r = run.whittle("copy", Seeds.layoutReference(marker), reference, "--to-connector", id);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        inspect(id, reference, Seeds.image(marker).digest());
    }

    /** A push with a read-only connector: exit 4 and one sentence naming the missing access. */
    void pushRefused(String id, String reference, String marker, String... mentions) {
        Shell.Result r = run.whittle("copy", Seeds.layoutReference(marker), reference, "--to-connector", id);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.AUTH);
        assertThat(r.stderr()).startsWith("whittle: ").contains(mentions);
        assertThat(r.stderr().strip().lines()).as("one line").hasSize(1);
    }

    /** rm removes it; show then says there is no such connector (exit 5). */
    void remove(String id) {
        Shell.Result rm = run.whittle("connector", "rm", id);
        assertThat(rm.exitCode()).as(rm.toString()).isZero();
        assertThat(rm.stdout()).startsWith("Removed connector " + id);
        Shell.Result show = run.whittle("connector", "show", id);
        assertThat(show.exitCode()).as(show.toString()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(show.stderr()).isEqualTo("whittle: There is no connector " + id + " in this organization: run"
                + " 'whittle connector list' to see the connector IDs.\n");
        assertThat(ids()).doesNotContain(id);
    }

    private static String[] concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }
}
