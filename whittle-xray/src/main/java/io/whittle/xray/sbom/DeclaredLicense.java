package io.whittle.xray.sbom;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A license string as a package declares it, classified for the SBOM writers: a known SPDX id, a valid SPDX
 * license expression, or just a name.
 */
sealed interface DeclaredLicense {

    /** The text to write: the canonical id, the normalized expression or the name. */
    String text();

    record SpdxId(String text) implements DeclaredLicense {
        public SpdxId {
            Objects.requireNonNull(text, "text");
        }
    }

    /** @param disjunction true when its top operator is OR, so it needs parentheses inside an AND */
    record SpdxExpression(String text, boolean disjunction) implements DeclaredLicense {
        public SpdxExpression {
            Objects.requireNonNull(text, "text");
        }
    }

    record Name(String text) implements DeclaredLicense {
        public Name {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Classifies the non-blank strings of {@code licenses}, dropping blanks and repeats, keeping order. */
    static List<DeclaredLicense> of(List<String> licenses) {
        List<DeclaredLicense> out = new ArrayList<>();
        for (String raw : licenses) {
            String s = raw.strip();
            if (!s.isEmpty()) {
                DeclaredLicense d = of(s);
                if (!out.contains(d)) {
                    out.add(d);
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * The terms joined into one SPDX expression with AND (a package listing several licenses is under all of
     * them), OR-expressions in parentheses; {@code names} turns a plain name into a LicenseRef.
     */
    static String and(List<DeclaredLicense> terms, Function<Name, String> names) {
        List<String> parts = new ArrayList<>();
        for (DeclaredLicense d : terms) {
            String part = switch (d) {
                case SpdxId id -> id.text();
                case SpdxExpression e -> e.disjunction() && terms.size() > 1 ? "(" + e.text() + ")" : e.text();
                case Name n -> names.apply(n);
            };
            parts.add(part);
        }
        return String.join(" AND ", parts);
    }

    static DeclaredLicense of(String license) {
        String s = license.strip();
        SpdxLicenseList list = SpdxLicenseList.get();
        Optional<String> id = list.license(s);
        if (id.isPresent()) {
            return new SpdxId(id.get());
        }
        return ExpressionParser.parse(s, list)
                .<DeclaredLicense>map(e -> new SpdxExpression(e.text(), e.disjunction()))
                .orElseGet(() -> new Name(s));
    }

    /**
     * Recursive descent over SPDX 2.3 Annex D: {@code or := and (OR and)*}, {@code and := with (AND with)*},
     * {@code with := simple [WITH exception] | '(' or ')'}, {@code simple := id['+']}. Only listed ids count, so
     * free text such as "Apache License, Version 2.0" does not pass for an expression. LicenseRef- terms are not
     * accepted: we could not give their text.
     */
    final class ExpressionParser {
        /**
         * @param disjunction its top operator is OR
         * @param grouped     it is one parenthesized group
         */
        record Parsed(String text, boolean disjunction, boolean grouped) {
        }

        private final List<String> tokens;
        private final SpdxLicenseList list;
        private int pos;

        private ExpressionParser(List<String> tokens, SpdxLicenseList list) {
            this.tokens = tokens;
            this.list = list;
        }

        static Optional<Parsed> parse(String s, SpdxLicenseList list) {
            List<String> tokens = tokenize(s);
            if (tokens.isEmpty()) {
                return Optional.empty();
            }
            ExpressionParser p = new ExpressionParser(tokens, list);
            Optional<Parsed> e = p.or();
            if (p.pos != tokens.size()) {
                return Optional.empty();
            }
            // "(MIT OR Apache-2.0)" on its own needs no parentheses; what is inside decides.
            return e.flatMap(x -> x.grouped() ? parse(x.text().substring(1, x.text().length() - 1), list)
                    : Optional.of(x));
        }

        private static List<String> tokenize(String s) {
            List<String> tokens = new ArrayList<>();
            StringBuilder word = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '(' || c == ')' || Character.isWhitespace(c)) {
                    if (!word.isEmpty()) {
                        tokens.add(word.toString());
                        word.setLength(0);
                    }
                    if (!Character.isWhitespace(c)) {
                        tokens.add(String.valueOf(c));
                    }
                } else {
                    word.append(c);
                }
            }
            if (!word.isEmpty()) {
                tokens.add(word.toString());
            }
            return tokens;
        }

        private Optional<Parsed> or() {
            return binary("OR", this::and);
        }

        private Optional<Parsed> and() {
            return binary("AND", this::with);
        }

        private Optional<Parsed> binary(String operator, Supplier<Optional<Parsed>> operand) {
            Optional<Parsed> first = operand.get();
            if (first.isEmpty()) {
                return first;
            }
            List<Parsed> terms = new ArrayList<>(List.of(first.get()));
            while (isOperator(operator)) {
                pos++;
                Optional<Parsed> next = operand.get();
                if (next.isEmpty()) {
                    return next;
                }
                terms.add(next.get());
            }
            if (terms.size() == 1) {
                return first;
            }
            // Operands keep the parentheses they were written with, so precedence survives the re-join.
            List<String> texts = terms.stream().map(Parsed::text).toList();
            return Optional.of(new Parsed(String.join(" " + operator + " ", texts), operator.equals("OR"), false));
        }

        private Optional<Parsed> with() {
            if (peek("(")) {
                pos++;
                Optional<Parsed> inner = or();
                if (inner.isEmpty() || !peek(")")) {
                    return Optional.empty();
                }
                pos++;
                Parsed p = inner.get();
                // A lone id needs no parentheses, and a group in a group needs only one pair.
                boolean wrap = !p.grouped() && (p.disjunction() || p.text().contains(" "));
                return Optional.of(wrap ? new Parsed("(" + p.text() + ")", false, true) : p);
            }
            Optional<String> simple = simple();
            if (simple.isEmpty()) {
                return Optional.empty();
            }
            if (isOperator("WITH")) {
                pos++;
                if (pos >= tokens.size()) {
                    return Optional.empty();
                }
                Optional<String> exception = list.exception(tokens.get(pos++));
                return exception.map(x -> new Parsed(simple.get() + " WITH " + x, false, false));
            }
            return Optional.of(new Parsed(simple.get(), false, false));
        }

        private Optional<String> simple() {
            if (pos >= tokens.size()) {
                return Optional.empty();
            }
            String t = tokens.get(pos);
            if (t.equals("(") || t.equals(")") || isOperatorWord(t)) {
                return Optional.empty();
            }
            pos++;
            Optional<String> id = list.license(t);
            if (id.isPresent()) {
                return id;
            }
            if (t.endsWith("+") && t.length() > 1) {
                return list.license(t.substring(0, t.length() - 1)).map(x -> x + "+");
            }
            return Optional.empty();
        }

        private boolean peek(String token) {
            return pos < tokens.size() && tokens.get(pos).equals(token);
        }

        /** SPDX wants operators in one case; packages write "or" as often as "OR", so both are read. */
        private boolean isOperator(String operator) {
            if (pos >= tokens.size()) {
                return false;
            }
            String t = tokens.get(pos);
            return t.equals(operator) || t.equals(operator.toLowerCase(Locale.ROOT));
        }

        private static boolean isOperatorWord(String t) {
            return switch (t) {
                case "AND", "OR", "WITH", "and", "or", "with" -> true;
                default -> false;
            };
        }
    }
}
