package io.whittle.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ListingPageTest {
    /** Pages of three names, numbered from 1, over {@code count} names; records which pages were fetched. */
    private static ListingPage.Source<RepositoryInfo> pages(int count, List<Integer> fetched) {
        return token -> {
            int page = PageTokens.number(token);
            fetched.add(page);
            List<RepositoryInfo> items = new ArrayList<>();
            for (int i = (page - 1) * 3; i < Math.min(count, page * 3); i++) {
                items.add(RepositoryInfo.named("repo" + i));
            }
            return new RepositoryPage(items, PageTokens.after(page, page * 3 < count));
        };
    }

    @Test
    void allFollowsPagesUpToTheLimit() throws Exception {
        List<Integer> fetched = new ArrayList<>();
        assertThat(ListingPage.all(pages(8, fetched), 100)).extracting(RepositoryInfo::name)
                .containsExactly("repo0", "repo1", "repo2", "repo3", "repo4", "repo5", "repo6", "repo7");
        assertThat(fetched).containsExactly(1, 2, 3);

        fetched.clear();
        assertThat(ListingPage.all(pages(8, fetched), 4)).hasSize(4);
        assertThat(fetched).containsExactly(1, 2);
    }

    @Test
    void findStopsAtTheFirstMatch() throws Exception {
        List<Integer> fetched = new ArrayList<>();
        assertThat(ListingPage.find(pages(20, fetched), r -> r.name().equals("repo4")))
                .map(RepositoryInfo::name).contains("repo4");
        assertThat(fetched).containsExactly(1, 2);

        fetched.clear();
        assertThat(ListingPage.find(pages(5, fetched), r -> r.name().equals("nope"))).isEmpty();
        assertThat(fetched).containsExactly(1, 2);
    }

    @Test
    void pageNumbersAndSizes() {
        assertThat(PageTokens.after(3, true)).contains("4");
        assertThat(PageTokens.after(3, false)).isEqualTo(Optional.empty());
        assertThat(PageTokens.size(0, 100)).isEqualTo(1);
        assertThat(PageTokens.size(500, 100)).isEqualTo(100);
        assertThat(PageTokens.size(20, 100)).isEqualTo(20);
    }
}
