package io.whittle.platform.secret;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where a secret belongs: its owner (tenant), the record holding it and the field name. The cipher binds
 * all three into the ciphertext as associated data, so a ciphertext copied to another connector, another
 * tenant or another field does not decrypt.
 */
public record SecretContext(String tenant, String owner, String field) {
    public SecretContext {
        requireText(tenant, "tenant");
        requireText(owner, "owner");
        requireText(field, "field");
    }

    private static void requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty()) {
            throw new IllegalArgumentException("A secret's " + what + " is empty: name the " + what
                    + " that owns the secret.");
        }
    }

    /** The connector and field, for messages (no secret in it). */
    public String describe() {
        return "'" + field + "' of " + owner;
    }

    /**
     * The associated data: a label, the key version and the three names, each prefixed by its length so
     * that no two different contexts encode to the same bytes.
     */
    byte[] associatedData(int keyVersion) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write("whittle-secret".getBytes(StandardCharsets.US_ASCII));
            out.writeInt(keyVersion);
            for (String part : new String[] {tenant, owner, field}) {
                byte[] b = part.getBytes(StandardCharsets.UTF_8);
                out.writeInt(b.length);
                out.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
