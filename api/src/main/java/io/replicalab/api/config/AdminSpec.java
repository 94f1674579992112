package io.replicalab.api.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The admin/control endpoint of every node.
 *
 * @param bind address to listen on; loopback by default
 * @param token shared cluster secret; required for control calls when {@code bind} is not loopback
 */
public record AdminSpec(String bind, String token) {
    public AdminSpec {
        bind = bind == null ? "127.0.0.1" : bind;
    }

    public static AdminSpec defaults() {
        return new AdminSpec(null, null);
    }

    public boolean isLoopback() {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException("admin.bind: cannot resolve '" + bind + "': use an IP address such as 127.0.0.1");
        }
    }
}
