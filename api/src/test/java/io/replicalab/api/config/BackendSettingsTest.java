package io.replicalab.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class BackendSettingsTest {
    record Demo(Integer gossipIntervalMs, String fanOut) {
        Demo {
            gossipIntervalMs = gossipIntervalMs == null ? 200 : gossipIntervalMs;
            if (gossipIntervalMs < 10) {
                throw new ConfigException("demo.gossip-interval-ms: " + gossipIntervalMs + " is too small: use 10 or more");
            }
        }

        static Demo defaults() {
            return new Demo(null, null);
        }
    }

    private static ObjectNode section() {
        return JsonNodeFactory.instance.objectNode();
    }

    @Test
    void readsKebabCaseKeysAndDefaultsAMissingSection() {
        assertEquals(new Demo(50, "client"), BackendSettings.parse("demo",
                section().put("gossip-interval-ms", 50).put("fan-out", "client"), Demo.class, Demo::defaults));
        assertEquals(Demo.defaults(), BackendSettings.parse("demo", null, Demo.class, Demo::defaults));
    }

    @Test
    void unknownKeyNamesTheValidOnes() {
        ConfigException e = assertThrows(ConfigException.class, () -> BackendSettings.parse("demo",
                section().put("gossip-ms", 5), Demo.class, Demo::defaults));
        assertEquals("demo.gossip-ms is not a setting: valid settings are gossip-interval-ms, fan-out", e.getMessage());
    }

    @Test
    void rangeChecksAndBadTypesAreOneLineErrors() {
        ConfigException range = assertThrows(ConfigException.class, () -> BackendSettings.parse("demo",
                section().put("gossip-interval-ms", 1), Demo.class, Demo::defaults));
        assertEquals("demo.gossip-interval-ms: 1 is too small: use 10 or more", range.getMessage());
        ConfigException type = assertThrows(ConfigException.class, () -> BackendSettings.parse("demo",
                section().put("gossip-interval-ms", "often"), Demo.class, Demo::defaults));
        assertEquals(1, type.getMessage().lines().count(), type.getMessage());
    }
}
