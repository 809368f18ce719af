package io.whittle.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChallengeTest {

    @Test
    void parsesABearerChallengeWithQuotedParameters() {
        List<Challenge> c = Challenge.parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                + "scope=\"repository:library/nginx:pull\"");
        assertThat(c).hasSize(1);
        assertThat(c.get(0).isBearer()).isTrue();
        assertThat(c.get(0).param("realm")).contains("https://auth.docker.io/token");
        assertThat(c.get(0).param("service")).contains("registry.docker.io");
        assertThat(c.get(0).param("scope")).contains("repository:library/nginx:pull");
    }

    @Test
    void splitsSeveralChallengesInOneHeader() {
        List<Challenge> c = Challenge.parse("Basic realm=\"Registry Realm\", Bearer realm=\"https://r/token\","
                + " service=\"reg\"");
        assertThat(c).extracting(Challenge::scheme).containsExactly("Basic", "Bearer");
        assertThat(c.get(0).param("realm")).contains("Registry Realm");
        assertThat(c.get(1).param("realm")).contains("https://r/token");
        assertThat(c.get(1).param("service")).contains("reg");
    }

    @Test
    void keepsCommasAndEscapesInsideQuotedStrings() {
        List<Challenge> c = Challenge.parse("Bearer realm=\"https://a/t?x=1,2\",scope=\"repository:a:pull,push\","
                + "error=\"say \\\"hi\\\", please\" , Basic realm=x");
        assertThat(c).hasSize(2);
        assertThat(c.get(0).param("realm")).contains("https://a/t?x=1,2");
        assertThat(c.get(0).param("scope")).contains("repository:a:pull,push");
        assertThat(c.get(0).param("error")).contains("say \"hi\", please");
        assertThat(c.get(1).isBasic()).isTrue();
        assertThat(c.get(1).param("realm")).contains("x");
    }

    @Test
    void schemesAndParameterNamesAreCaseInsensitive() {
        List<Challenge> c = Challenge.parse("bEaReR REALM=\"https://r\"");
        assertThat(c.get(0).isBearer()).isTrue();
        assertThat(c.get(0).param("realm")).contains("https://r");
        assertThat(c.get(0).param("Realm")).contains("https://r");
    }

    @Test
    void readsToken68AndBareSchemes() {
        List<Challenge> c = Challenge.parse("Negotiate abc123==, Basic");
        assertThat(c).extracting(Challenge::scheme).containsExactly("Negotiate", "Basic");
        assertThat(c.get(0).token68()).contains("abc123==");
        assertThat(c.get(1).params()).isEmpty();
    }

    @Test
    void toleratesEmptyAndMalformedInput() {
        assertThat(Challenge.parse("")).isEmpty();
        assertThat(Challenge.parse(null)).isEmpty();
        assertThat(Challenge.parse("Bearer realm=\"unterminated")).singleElement()
                .satisfies(ch -> assertThat(ch.param("realm")).contains("unterminated"));
        assertThat(Challenge.parse("=== garbage")).isEmpty();
    }

    @Test
    void parsesSeveralHeaderValues() {
        assertThat(Challenge.parseAll(List.of("Basic realm=a", "Bearer realm=\"b\""))).extracting(Challenge::scheme)
                .containsExactly("Basic", "Bearer");
    }
}
