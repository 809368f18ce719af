package io.whittle.xray.finding;

import io.whittle.xray.scan.ContentScanner;
import io.whittle.xray.scan.Evidence;
import io.whittle.xray.scan.EvidenceSink;
import io.whittle.xray.scan.FileConsumer;
import io.whittle.xray.scan.FileInfo;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Private keys (PEM, OpenSSH, PGP, PuTTY) in key-like files; public keys and certificates are not secrets. */
final class PrivateKeyScanner implements ContentScanner {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----(.*?)-----END", Pattern.DOTALL);
    private static final Set<String> EXTENSIONS = Set.of("pem", "key", "p8", "pk8", "ppk", "priv", "private", "asc",
            "gpg");

    @Override
    public FileConsumer open(FileInfo file) {
        if (!Candidates.small(file)) {
            return null;
        }
        String name = file.name();
        boolean candidate = EXTENSIONS.contains(Candidates.extension(name))
                || name.startsWith("id_") && !name.endsWith(".pub")
                || Candidates.parentIs(file.path(), ".ssh") && !name.endsWith(".pub")
                || name.startsWith("ssh_host_") && name.endsWith("_key")
                || name.contains("private") || name.contains("privkey");
        // The name first: the vendored-tree test is the dearer one, and most files fail the name.
        return candidate && !Candidates.vendored(file.path())
                ? new SmallFileConsumer((content, sink) -> check(file.path(), content, sink)) : null;
    }

    private static void check(String path, byte[] content, EvidenceSink sink) {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        Set<String> kinds = new LinkedHashSet<>();
        boolean allEncrypted = true;
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            String type = m.group(1).strip();
            String body = m.group(3);
            boolean encrypted = type.equals("ENCRYPTED") || body.contains("Proc-Type: 4,ENCRYPTED")
                    || type.equals("OPENSSH") && opensshEncrypted(body);
            kinds.add((type.isEmpty() || type.equals("ENCRYPTED") ? "PKCS#8" : type)
                    + (m.group(2) == null ? "" : " block"));
            allEncrypted &= encrypted;
        }
        if (text.startsWith("PuTTY-User-Key-File-")) {
            kinds.add("PuTTY");
            allEncrypted &= !text.contains("Encryption: none");
        }
        if (kinds.isEmpty()) {
            return;
        }
        Severity severity = Candidates.testFixture(path) ? Severity.LOW : allEncrypted ? Severity.MEDIUM : Severity.HIGH;
        String what = (allEncrypted ? "a passphrase-protected " : "an unencrypted ") + String.join(", ", kinds)
                + " private key";
        String at = Secrets.absolute(path);
        sink.add(new Evidence.FindingFound(path, new Finding("private-key", severity, at,
                at + " holds " + what + ": remove it from the image, rotate it, and supply keys at run time or as"
                        + " a build secret.")));
    }

    /** An OpenSSH key names its cipher right after the magic; "none" means unencrypted. */
    private static boolean opensshEncrypted(String body) {
        try {
            byte[] raw = Base64.getMimeDecoder().decode(body.strip());
            String magic = "openssh-key-v1\0";
            if (raw.length < magic.length() + 4) {
                return false;
            }
            int at = magic.length();
            int len = ((raw[at] & 0xff) << 24) | ((raw[at + 1] & 0xff) << 16) | ((raw[at + 2] & 0xff) << 8)
                    | (raw[at + 3] & 0xff);
            if (len < 0 || at + 4 + len > raw.length) {
                return false;
            }
            return !new String(raw, at + 4, len, StandardCharsets.US_ASCII).equals("none");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
