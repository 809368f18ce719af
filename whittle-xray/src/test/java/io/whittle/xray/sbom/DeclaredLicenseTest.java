package io.whittle.xray.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DeclaredLicenseTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "MIT|MIT",
        "mit|MIT",
        "GPL-2.0+|GPL-2.0+",
        "apache-2.0|Apache-2.0",
        "GPL-2.0-or-later|GPL-2.0-or-later"})
    void knownIdsAreIdsInTheirCanonicalCase(String raw, String id) {
        assertThat(DeclaredLicense.of(raw)).isEqualTo(new DeclaredLicense.SpdxId(id));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "MIT OR Apache-2.0|MIT OR Apache-2.0|true",
        "mit or apache-2.0|MIT OR Apache-2.0|true",
        "(MIT OR Apache-2.0)|MIT OR Apache-2.0|true",
        "((MIT OR Apache-2.0))|MIT OR Apache-2.0|true",
        "(MIT)|MIT|false",
        "Apache-2.0+|Apache-2.0+|false",
        "GPL-2.0-only WITH Classpath-exception-2.0|GPL-2.0-only WITH Classpath-exception-2.0|false",
        "(MIT OR Apache-2.0) AND BSD-3-Clause|(MIT OR Apache-2.0) AND BSD-3-Clause|false",
        "MIT AND BSD-3-Clause OR Apache-2.0|MIT AND BSD-3-Clause OR Apache-2.0|true",
        "MIT AND (BSD-3-Clause OR Apache-2.0)|MIT AND (BSD-3-Clause OR Apache-2.0)|false"})
    void validExpressionsAreNormalized(String raw, String expression, boolean disjunction) {
        assertThat(DeclaredLicense.of(raw)).isEqualTo(new DeclaredLicense.SpdxExpression(expression, disjunction));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Apache License, Version 2.0",
        "ASL 2.0",
        "BSD",
        "MIT AND (",
        "MIT OR",
        "MIT WITH MIT",
        "Classpath-exception-2.0",
        "LicenseRef-Custom",
        "MIT Apache-2.0",
        "GPL-2.0 WITH"})
    void anythingElseIsAName(String raw) {
        assertThat(DeclaredLicense.of(raw)).isEqualTo(new DeclaredLicense.Name(raw));
    }

    @Test
    void blanksAndRepeatsAreDroppedAndTermsJoinWithAnd() {
        List<DeclaredLicense> declared = DeclaredLicense.of(List.of("MIT", " ", "", "mit", "MIT OR ISC",
                "Custom Thing"));

        assertThat(declared).containsExactly(new DeclaredLicense.SpdxId("MIT"),
                new DeclaredLicense.SpdxExpression("MIT OR ISC", true), new DeclaredLicense.Name("Custom Thing"));
        assertThat(DeclaredLicense.and(declared, n -> "LicenseRef-X"))
                .isEqualTo("MIT AND (MIT OR ISC) AND LicenseRef-X");
        assertThat(DeclaredLicense.and(List.of(new DeclaredLicense.SpdxExpression("MIT OR ISC", true)),
                n -> "unused")).isEqualTo("MIT OR ISC");
    }
}
