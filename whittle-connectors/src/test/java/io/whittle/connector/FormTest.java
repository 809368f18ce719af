package io.whittle.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.platform.secret.SecretValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FormTest {
    private static final Form FORM = Form.of(
            Field.choice("method", "Method", "role", Choice.of("role", "Role"), Choice.deprecated("keys", "Keys")),
            Field.text("roleArn", "Role ARN").asRequired().shownWhen("method", "role"),
            Field.secret("secret", "Secret").asRequired().shownWhen("method", "keys")
                    .check(v -> v.length() < 8 ? Optional.of("The secret is too short.") : Optional.empty()),
            Field.toggle("plain", "Plain http"),
            Field.text("name", "Name").check(v -> v.contains(" ") ? Optional.of("No spaces.") : Optional.empty()));

    private static List<FieldProblem> problems(Map<String, String> settings, Map<String, String> secrets) {
        Map<String, SecretValue> s = new java.util.HashMap<>();
        secrets.forEach((k, v) -> s.put(k, SecretValue.of(v)));
        return FORM.validate(FieldValues.of(settings, s));
    }

    @Test
    void requiredFieldsCountOnlyWhenShown() {
        assertThat(problems(Map.of(), Map.of())).extracting(p -> p.field().orElseThrow()).containsExactly("roleArn");
        assertThat(problems(Map.of("method", "keys"), Map.of())).extracting(p -> p.field().orElseThrow())
                .containsExactly("secret");
        assertThat(problems(Map.of("roleArn", "arn"), Map.of())).isEmpty();
        assertThat(problems(Map.of("method", "keys"), Map.of("secret", "long-enough"))).isEmpty();
    }

    @Test
    void eachProblemNamesItsField() {
        assertThat(problems(Map.of("method", "keys"), Map.of("secret", "short"))).singleElement()
                .isEqualTo(FieldProblem.of("secret", "The secret is too short."));
        assertThat(problems(Map.of("method", "other", "roleArn", "a"), Map.of())).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("must be one of role, keys"));
        assertThat(problems(Map.of("roleArn", "a", "plain", "maybe"), Map.of())).singleElement()
                .satisfies(p -> assertThat(p.field()).contains("plain"));
        assertThat(problems(Map.of("roleArn", "a", "name", "a b"), Map.of())).singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo("No spaces."));
    }

    @Test
    void secretsMustBeSecretsAndUnknownFieldsAreRefused() {
        assertThat(problems(Map.of("roleArn", "a", "secret", "in-the-clear"), Map.of())).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("is a secret"));
        assertThat(problems(Map.of("roleArn", "a"), Map.of("name", "x"))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("is not a secret"));
        assertThat(problems(Map.of("roleArn", "a", "bogus", "x"), Map.of())).singleElement()
                .satisfies(p -> assertThat(p.field()).contains("bogus"));
    }

    @Test
    void valuesDropBlanksAndNeverPrintSecrets() {
        FieldValues v = FieldValues.of(Map.of("a", " ", "b", "x"), Map.of("s", SecretValue.of("hunter2-secret"),
                "e", SecretValue.EMPTY));
        assertThat(v.settings()).containsOnlyKeys("b");
        assertThat(v.secrets()).containsOnlyKeys("s");
        assertThat(v.toString()).doesNotContain("hunter2").contains("s");
    }

    @Test
    void aFormRefusesDuplicateOrDanglingFields() {
        assertThatThrownBy(() -> Form.of(Field.text("a", "A"), Field.text("a", "A again")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Form.of(Field.text("a", "A").shownWhen("missing", "x")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
