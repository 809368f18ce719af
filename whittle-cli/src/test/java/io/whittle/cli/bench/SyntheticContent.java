package io.whittle.cli.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * File contents for the X-ray benchmark image, generated from a seed while written (never held whole), shaped like
 * what real images hold so that gzip -6 meets the mix of ratios it meets there: source, JSON and prose compress about
 * 3-5×, logs more, binaries are part random, part runs and small alphabets (code, tables, padding), and model-like
 * blobs do not compress at all.
 */
enum SyntheticContent {
    SOURCE, JSON, TEXT, LOG, BINARY, RANDOM;

    private static final String[] WORDS = ("the of and to in is for on that with as by this from at be are or it an "
            + "value return static final public private class import package void int long string list map config "
            + "request response handler error message count index buffer stream reader writer path file name size "
            + "version module export default function const let var async await promise resolve reject options "
            + "data result status user group id type key token cache layer image digest manifest registry server "
            + "client session thread queue lock timeout retry limit offset length format parse encode decode")
            .split(" ");
    private static final String[] KEYS = {"name", "version", "description", "main", "license", "author", "dependencies",
        "devDependencies", "scripts", "repository", "keywords", "engines", "files", "homepage", "bugs", "types"};
    private static final String[] LEVELS = {"INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"};
    private static final int CHUNK = 1 << 16;

    /** Writes exactly {@code size} bytes of this kind, generated from {@code seed}, in chunks of 64 KiB. */
    void write(OutputStream out, long size, long seed, byte[] scratch) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        long left = size;
        while (left > 0) {
            int n = (int) Math.min(Math.min(CHUNK, scratch.length), left);
            fill(scratch, n, random);
            out.write(scratch, 0, n);
            left -= n;
        }
    }

    private void fill(byte[] b, int n, SplittableRandom random) {
        switch (this) {
            case RANDOM -> randomBytes(b, 0, n, random);
            case BINARY -> binary(b, n, random);
            default -> text(b, n, random);
        }
    }

    private void text(byte[] b, int n, SplittableRandom random) {
        StringBuilder line = new StringBuilder(160);
        int at = 0;
        int lineNo = random.nextInt(1000);
        while (at < n) {
            line.setLength(0);
            switch (this) {
                case SOURCE -> {
                    line.append("    ".repeat(random.nextInt(4)));
                    line.append(switch (random.nextInt(5)) {
                        case 0 -> "public static ";
                        case 1 -> "return ";
                        case 2 -> "final var ";
                        case 3 -> "if (";
                        default -> "// ";
                    });
                    words(line, 2 + random.nextInt(8), random, random.nextBoolean() ? "." : " ");
                    line.append(random.nextBoolean() ? "(" + random.nextInt(100) + ");" : " {");
                }
                case JSON -> {
                    line.append("  \"").append(KEYS[random.nextInt(KEYS.length)]).append("\": \"");
                    words(line, 1 + random.nextInt(4), random, "-");
                    line.append('@').append(random.nextInt(9)).append('.').append(random.nextInt(30)).append('.')
                            .append(random.nextInt(12)).append("\",");
                }
                case LOG -> {
                    line.append("2024-01-01T12:").append(10 + lineNo / 60 % 50).append(':').append(10 + lineNo % 50)
                            .append(".").append(100 + random.nextInt(900)).append("Z ")
                            .append(LEVELS[random.nextInt(LEVELS.length)]).append(" [worker-").append(random.nextInt(8))
                            .append("] ");
                    words(line, 4 + random.nextInt(6), random, " ");
                    line.append(" id=").append(random.nextInt(100000));
                }
                default -> words(line, 6 + random.nextInt(12), random, " ");
            }
            line.append('\n');
            lineNo++;
            byte[] bytes = line.toString().getBytes(StandardCharsets.US_ASCII);
            int copy = Math.min(bytes.length, n - at);
            System.arraycopy(bytes, 0, b, at, copy);
            at += copy;
        }
    }

    private static void words(StringBuilder line, int count, SplittableRandom random, String separator) {
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                line.append(separator);
            }
            // Zipf-like: the first words come up far more often, as in real text.
            int r = random.nextInt(WORDS.length);
            line.append(WORDS[r * r / WORDS.length]);
        }
    }

    /** Blocks of 4 KiB: half random (code, compressed resources), a quarter small-alphabet tables, a quarter zeros. */
    private static void binary(byte[] b, int n, SplittableRandom random) {
        for (int at = 0; at < n; at += 4096) {
            int end = Math.min(n, at + 4096);
            int kind = random.nextInt(4);
            if (kind < 2) {
                randomBytes(b, at, end, random);
            } else if (kind == 2) {
                for (int i = at; i < end; i++) {
                    b[i] = (byte) (random.nextInt(16) * random.nextInt(3));
                }
            } else {
                java.util.Arrays.fill(b, at, end, (byte) 0);
            }
        }
    }

    private static void randomBytes(byte[] b, int from, int to, SplittableRandom random) {
        int i = from;
        while (i + 8 <= to) {
            long v = random.nextLong();
            for (int k = 0; k < 8; k++) {
                b[i++] = (byte) (v >>> (8 * k));
            }
        }
        while (i < to) {
            b[i++] = (byte) random.nextInt();
        }
    }
}
