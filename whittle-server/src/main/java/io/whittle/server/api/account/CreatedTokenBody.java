package io.whittle.server.api.account;

/** A token just created: {@code secret} is shown this once and cannot be retrieved again. */
public record CreatedTokenBody(TokenBody token, String secret) {
    @Override
    public String toString() {
        return "CreatedTokenBody[token=" + token + ", secret=****]";
    }
}
