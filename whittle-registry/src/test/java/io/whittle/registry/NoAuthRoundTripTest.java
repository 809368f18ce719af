package io.whittle.registry;

import io.whittle.testkit.RegistryExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class NoAuthRoundTripTest extends RoundTripContract {
    @RegisterExtension
    static final RegistryExtension REGISTRY = RegistryExtension.noAuth();

    @Override
    RegistryExtension registry() {
        return REGISTRY;
    }
}
