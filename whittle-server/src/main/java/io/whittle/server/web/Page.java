package io.whittle.server.web;

import java.util.Objects;
import java.util.Optional;

/**
 * What the layout around every page needs: the title, which navigation section is current, the signed-in viewer
 * (none on the sign-in page and some error pages), and the page's own path (where the organization switcher returns).
 */
public record Page(String title, String section, Optional<Viewer> viewer, String path) {
    public Page {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(viewer, "viewer");
        Objects.requireNonNull(path, "path");
    }

    static Page of(String title, String section, Viewer viewer, String path) {
        return new Page(title, section, Optional.of(viewer), path);
    }

    static Page anonymous(String title) {
        return new Page(title, "", Optional.empty(), "/");
    }

    public boolean current(String s) {
        return section.equals(s);
    }

    /** The {@code hx-headers} of the page's body (the CSRF token for htmx); none without a viewer. */
    public String hxHeaders() {
        return viewer.map(Viewer::htmxHeaders).orElse(null);
    }

    public String css() {
        return Assets.href("app.css");
    }

    public String js() {
        return Assets.href("app.js");
    }

    public String htmx() {
        return Assets.href("htmx.min.js");
    }
}
