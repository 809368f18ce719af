package io.whittle.cli;

/** How commands print data: for people, or as the JSON documented in docs/cli-json.md. */
public enum OutputFormat {
    TEXT, JSON
}
