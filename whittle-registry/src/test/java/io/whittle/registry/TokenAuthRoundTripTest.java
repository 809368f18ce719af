package io.whittle.registry;

import io.whittle.testkit.RegistryExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class TokenAuthRoundTripTest extends RoundTripContract {
    @RegisterExtension
    static final RegistryExtension REGISTRY = RegistryExtension.token("bob", "token-canary-pw");

    @Override
    RegistryExtension registry() {
        return REGISTRY;
    }
}
