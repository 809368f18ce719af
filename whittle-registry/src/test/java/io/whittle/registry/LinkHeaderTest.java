package io.whittle.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinkHeaderTest {

    @Test
    void findsTheNextLinkAsRegistriesSendIt() {
        assertThat(LinkHeader.next("</v2/_catalog?last=b&n=2>; rel=\"next\"")).contains("/v2/_catalog?last=b&n=2");
    }

    @Test
    void picksNextAmongSeveralLinksAndRelations() {
        String v = "<https://r/v2/a/tags/list?last=x>; rel=\"prev\", <https://r/v2/a/tags/list?n=2&last=y>;"
                + " title=\"a, b\"; rel=\"last next\"";
        assertThat(LinkHeader.next(v)).contains("https://r/v2/a/tags/list?n=2&last=y");
    }

    @Test
    void acceptsUnquotedRelationsAndOtherCase() {
        assertThat(LinkHeader.next("</p2>;REL=Next")).contains("/p2");
    }

    @Test
    void answersEmptyWithoutANextLink() {
        assertThat(LinkHeader.next("</p0>; rel=\"prev\"")).isEmpty();
        assertThat(LinkHeader.next("garbage")).isEmpty();
        assertThat(LinkHeader.next((String) null)).isEmpty();
        assertThat(LinkHeader.next(List.of())).isEmpty();
    }

    @Test
    void searchesEveryHeaderValue() {
        assertThat(LinkHeader.next(List.of("</a>; rel=prev", "</b>; rel=next"))).contains("/b");
    }
}
