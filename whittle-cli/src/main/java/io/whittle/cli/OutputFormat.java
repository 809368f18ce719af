package io.whittle.cli;

/**
 * How commands print data: for people, or as the JSON documented in docs/cli-json.md; HTML only for X-ray reports
 * (other commands print text for it).
 */
public enum OutputFormat {
    TEXT, JSON, HTML
}
