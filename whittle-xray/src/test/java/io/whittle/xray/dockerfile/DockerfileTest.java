package io.whittle.xray.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.oci.ImageConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerfileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A config whose history has these created_by values; {@code null} makes an entry without one. */
    static ImageConfig config(Map<String, String> labels, String... createdBy) {
        ObjectNode root = JSON.createObjectNode();
        root.put("architecture", "amd64").put("os", "linux");
        ObjectNode labelNode = root.putObject("config").putObject("Labels");
        labels.forEach(labelNode::put);
        ArrayNode history = root.putArray("history");
        for (String c : createdBy) {
            ObjectNode h = history.addObject().put("created", "2024-06-01T10:00:00Z");
            if (c != null) {
                h.put("created_by", c);
            }
        }
        try {
            return ImageConfig.parse(JSON.writeValueAsBytes(root));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String reconstruct(String... createdBy) {
        return Dockerfile.reconstruct(config(Map.of(), createdBy));
    }

    @Test
    void classicBuilderHistoryOfAnNginxLikeImage() {
        String dockerfile = reconstruct(
                "/bin/sh -c #(nop) ADD file:4b03b5f551e3fbdf47ec609712007327828f7530cc3455c43bbcdcaf449a75a9 in / ",
                "/bin/sh -c #(nop)  CMD [\"bash\"]",
                "/bin/sh -c #(nop)  LABEL maintainer=NGINX Docker Maintainers <docker-maint@nginx.com>",
                "/bin/sh -c #(nop)  ENV NGINX_VERSION=1.19.0",
                "/bin/sh -c set -x     && addgroup --system --gid 101 nginx     && adduser --system --disabled-login"
                        + " --ingroup nginx --no-create-home --home /nonexistent --gecos \"nginx  user\" --shell"
                        + " /bin/false --uid 101 nginx     && apt-get update",
                "/bin/sh -c #(nop) COPY file:e7e183879c35719c18aa7f733651029fbcc55f5d8c22a877ae199b389425789e in / ",
                "/bin/sh -c #(nop) COPY dir:0c7d5a1e2b3f in /usr/share/nginx/html ",
                "/bin/sh -c #(nop)  ENTRYPOINT [\"/docker-entrypoint.sh\"]",
                "/bin/sh -c #(nop)  EXPOSE 80",
                "/bin/sh -c #(nop)  STOPSIGNAL SIGTERM",
                "/bin/sh -c #(nop)  CMD [\"nginx\" \"-g\" \"daemon off;\"]");
        assertThat(dockerfile).isEqualTo("""
                # FROM <base image not recorded in the config>
                ADD file:4b03b5f551e3fbdf47ec609712007327828f7530cc3455c43bbcdcaf449a75a9 /
                CMD ["bash"]
                LABEL maintainer=NGINX Docker Maintainers <docker-maint@nginx.com>
                ENV NGINX_VERSION=1.19.0
                RUN set -x \\
                    && addgroup --system --gid 101 nginx \\
                    && adduser --system --disabled-login --ingroup nginx --no-create-home --home /nonexistent \
                --gecos "nginx  user" --shell /bin/false --uid 101 nginx \\
                    && apt-get update
                COPY file:e7e183879c35719c18aa7f733651029fbcc55f5d8c22a877ae199b389425789e /
                COPY dir:0c7d5a1e2b3f /usr/share/nginx/html
                ENTRYPOINT ["/docker-entrypoint.sh"]
                EXPOSE 80
                STOPSIGNAL SIGTERM
                CMD ["nginx", "-g", "daemon off;"]
                """);
    }

    @Test
    void classicBuildArgsShellFormCmdAndOldForms() {
        String dockerfile = reconstruct(
                "/bin/sh -c #(nop)  ARG VERSION=1.2",
                "|2 VERSION=1.2 TARGET=prod /bin/sh -c make $TARGET",
                "/bin/sh -c #(nop)  EXPOSE map[8000/tcp:{} 8443/tcp:{}]",
                "/bin/sh -c #(nop)  EXPOSE 443/tcp 80/tcp",
                "/bin/sh -c #(nop)  VOLUME [/data /logs]",
                "/bin/sh -c #(nop)  USER nginx",
                "/bin/sh -c #(nop) WORKDIR /app",
                "/bin/sh -c #(nop)  MAINTAINER Jane Doe <jane@example.com>",
                "/bin/sh -c #(nop)  ONBUILD RUN make",
                "/bin/sh -c #(nop)  CMD [\"/bin/sh\" \"-c\" \"echo hello\"]");
        assertThat(dockerfile.lines().skip(1)).containsExactly(
                "ARG VERSION=1.2",
                "RUN make $TARGET",
                "EXPOSE 8000/tcp 8443/tcp",
                "EXPOSE 443/tcp 80/tcp",
                "VOLUME [\"/data\", \"/logs\"]",
                "USER nginx",
                "WORKDIR /app",
                "MAINTAINER Jane Doe <jane@example.com>",
                "ONBUILD RUN make",
                "CMD echo hello");
    }

    @Test
    void buildKitHistoryOfAPythonLikeImage() {
        String dockerfile = reconstruct(
                "ADD alpine-minirootfs-3.20.0-x86_64.tar.gz / # buildkit",
                "CMD [\"/bin/sh\"]",
                "ARG PYTHON_VERSION=3.12.4",
                "ENV PYTHON_VERSION=3.12.4",
                "RUN |1 PYTHON_VERSION=3.12.4 /bin/sh -c apk add --no-cache build-base # buildkit",
                "WORKDIR /app",
                "COPY requirements.txt . # buildkit",
                "SHELL [/bin/ash -eo pipefail -c]",
                "RUN |1 PYTHON_VERSION=3.12.4 /bin/ash -eo pipefail -c pip install -r requirements.txt # buildkit",
                "RUN /bin/ash -eo pipefail -c python -m compileall . # buildkit",
                "COPY --from=build /out /app # buildkit",
                "EXPOSE map[8080/tcp:{}]",
                "EXPOSE [9090/tcp]",
                "HEALTHCHECK &{[\"CMD-SHELL\" \"curl -f http://localhost/\"] \"30s\" \"3s\" \"0s\" \"0s\" '\\x03'}",
                "USER app",
                "VOLUME [/data]",
                "STOPSIGNAL SIGQUIT",
                "LABEL org.opencontainers.image.source=https://example.com/app",
                "ONBUILD COPY . /src",
                "ENTRYPOINT [\"python\" \"-m\" \"app\"]",
                "CMD [\"--port\" \"8080\"]");
        assertThat(dockerfile.lines().skip(1)).containsExactly(
                "ADD alpine-minirootfs-3.20.0-x86_64.tar.gz /",
                "CMD [\"/bin/sh\"]",
                "ARG PYTHON_VERSION=3.12.4",
                "ENV PYTHON_VERSION=3.12.4",
                "RUN apk add --no-cache build-base",
                "WORKDIR /app",
                "COPY requirements.txt .",
                "SHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]",
                "RUN pip install -r requirements.txt",
                "RUN python -m compileall .",
                "COPY --from=build /out /app",
                "EXPOSE 8080/tcp",
                "EXPOSE 9090/tcp",
                "HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD curl -f http://localhost/",
                "USER app",
                "VOLUME [\"/data\"]",
                "STOPSIGNAL SIGQUIT",
                "LABEL org.opencontainers.image.source=https://example.com/app",
                "ONBUILD COPY . /src",
                "ENTRYPOINT [\"python\", \"-m\", \"app\"]",
                "CMD [\"--port\", \"8080\"]");
    }

    @Test
    void healthcheckForms() {
        String dockerfile = reconstruct(
                "/bin/sh -c #(nop)  HEALTHCHECK &{[\"CMD-SHELL\" \"kong health\"] \"1m0s\" \"10s\" \"0s\" '\\n'}",
                "HEALTHCHECK &{[\"CMD\" \"/bin/check\" \"--fast\"] \"0s\" \"0s\" \"5s\" \"1s\" '\\x00'}",
                "HEALTHCHECK &{[\"NONE\"] \"0s\" \"0s\" \"0s\" \"0s\" '\\x00'}",
                "HEALTHCHECK &{[\"CMD-SHELL\" \"test \\\"$(cat /ready)\\\" = ok\"] \"0s\" \"0s\" \"0s\" \"0s\" '!'}");
        assertThat(dockerfile.lines().skip(1)).containsExactly(
                "HEALTHCHECK --interval=1m0s --timeout=10s --retries=10 CMD kong health",
                "HEALTHCHECK --start-period=5s --start-interval=1s CMD [\"/bin/check\", \"--fast\"]",
                "HEALTHCHECK NONE",
                "HEALTHCHECK --retries=33 CMD test \"$(cat /ready)\" = ok");
    }

    @Test
    void baseImageFromOciLabelsAndOtherToolsAsComments() {
        ImageConfig config = config(Map.of("org.opencontainers.image.base.name", "docker.io/library/debian:12",
                        "org.opencontainers.image.base.digest", "sha256:" + "ab".repeat(32)),
                "# debian.sh --arch 'amd64' out/ 'bookworm' '@1717977600'",
                null,
                "jib-maven-plugin:3.4.0",
                "RUN apt-get update",
                "COPY . /app");
        assertThat(Dockerfile.reconstruct(config)).isEqualTo("""
                FROM docker.io/library/debian:12@sha256:%s
                # debian.sh --arch 'amd64' out/ 'bookworm' '@1717977600'
                # (history entry with no created_by)
                # jib-maven-plugin:3.4.0
                RUN apt-get update
                COPY . /app
                """.formatted("ab".repeat(32)));
    }

    @Test
    void windowsAndMultiLineCommands() {
        String dockerfile = reconstruct(
                "cmd /S /C #(nop)  EXPOSE 80",
                "cmd /S /C powershell -Command Install-WindowsFeature Web-Server",
                "RUN /bin/sh -c set -e\necho one\necho two # buildkit",
                "RUN /bin/sh -c " + "x".repeat(120));
        assertThat(dockerfile.lines().skip(1)).containsExactly(
                "EXPOSE 80",
                "RUN powershell -Command Install-WindowsFeature Web-Server",
                "RUN <<EOF",
                "set -e",
                "echo one",
                "echo two",
                "EOF",
                "RUN " + "x".repeat(120));
    }

    @Test
    void kanikoAndKoHistories() {
        ImageConfig config = ImageConfig.parse(("""
                {"architecture": "amd64", "os": "linux", "history": [
                  {"created_by": "/bin/sh -c #(nop)  CMD [\\"node\\"]", "empty_layer": true},
                  {"created_by": "WORKDIR /app"},
                  {"created_by": "RUN apk add --update     libc6-compat     && rm -rf /var/cache/apk/*                     && addgroup -S app && adduser -S app -G app"},
                  {"created_by": "COPY --from=builder-prod /app/node_modules /app/node_modules"},
                  {"author": "ko", "created_by": "ko build ./cmd/app", "comment": "go build output, at /ko-app/app"}
                ]}
                """).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(Dockerfile.reconstruct(config).lines().skip(1)).containsExactly(
                "CMD [\"node\"]",
                "WORKDIR /app",
                "RUN apk add --update libc6-compat \\",
                "    && rm -rf /var/cache/apk/* \\",
                "    && addgroup -S app \\",
                "    && adduser -S app -G app",
                "COPY --from=builder-prod /app/node_modules /app/node_modules",
                "# ko build ./cmd/app (go build output, at /ko-app/app)");
    }

    @Test
    void emptyHistoryGivesOnlyTheBaseLine() {
        assertThat(reconstruct()).isEqualTo("# FROM <base image not recorded in the config>\n");
    }
}
