package io.whittle.xray.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReportHtmlTest {

    @Test
    void oneSelfContainedPageWithEverySection() {
        String h = render(SampleReports.debian());
        assertThat(h).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        assertThat(h).contains("<h2>Layers</h2>", "<h2>Waste</h2>", "<h2>Findings</h2>", "<h2>Packages</h2>",
                "<h2>Dockerfile</h2>", "<h2>Configuration</h2>", "<h2>Duplicate files</h2>",
                "id=\"pkg-filter\"", "pkg:deb/debian/libc6@2.36-9?arch=amd64&amp;distro=debian-12",
                "87.5 %", "Debian GNU/Linux 12 (bookworm)", "<i style=\"width:100.0%\"></i>",
                "<i style=\"width:25.0%\"></i>");
        // Nothing is fetched: no URL but the purl text, no src/href attribute.
        assertThat(h).doesNotContain("http://").doesNotContain("https://").doesNotContain(" src=")
                .doesNotContain(" href=").doesNotContain("@import").doesNotContain("url(");
    }

    @Test
    void theOnlyScriptIsTheOneThePolicyAllows() throws Exception {
        String h = render(SampleReports.debian());
        Matcher scripts = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(h);
        assertThat(scripts.find()).isTrue();
        String script = scripts.group(1);
        assertThat(scripts.find()).isFalse();
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(script.getBytes(StandardCharsets.UTF_8)));
        assertThat(h).contains("content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-" + hash
                + "'\"");
    }

    @Test
    void aHostileImageCannotInjectMarkup() {
        String evil = "</title></style></pre><script>alert(1)</script><img src=x onerror=alert(2)>\"'&amp;";
        String h = render(SampleReports.hostile(evil));
        assertThat(h).doesNotContain("<script>alert").doesNotContain("<img").doesNotContain("</pre><")
                .doesNotContain("onerror=alert(2)>");
        assertThat(h).contains("&lt;/title&gt;&lt;/style&gt;&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
                + "&lt;img src=x onerror=alert(2)&gt;&quot;&#39;&amp;amp;");
        // The element structure is the page's own: exactly one <title>, <style>, <pre>, <script>.
        assertThat(count(h, "<title>")).isEqualTo(1);
        assertThat(count(h, "<style>")).isEqualTo(1);
        assertThat(count(h, "<pre>")).isEqualTo(1);
        assertThat(count(h, "<script>")).isEqualTo(1);
        assertThat(h).doesNotContain("\u0000");
    }

    @Test
    void controlCharactersAreReplaced() {
        String h = render(SampleReports.hostile("a\u0000b\u001bc"));
        assertThat(h).contains("a\uFFFDb\uFFFDc").doesNotContain("\u0000").doesNotContain("\u001b");
    }

    private static int count(String h, String needle) {
        int n = 0;
        for (int i = h.indexOf(needle); i >= 0; i = h.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static String render(XrayReport r) {
        StringWriter s = new StringWriter();
        ReportHtml.write(r, new PrintWriter(s));
        return s.toString();
    }
}
