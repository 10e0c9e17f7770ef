// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hostile-client settings of the {@code server} section: defaults, JSON and strings, and their errors. */
class ServerOptionsTest {

    @Test
    void theDefaultsAreTheSpecifiedOnes() {
        ServerOptions options = new ServerOptions();
        assertThat(options.isCompression()).isFalse();
        assertThat(options.getOutboundBudget()).isEqualTo(1_048_576);
        assertThat(options.getRateMessages()).isEqualTo(50);
        assertThat(options.getRateBurst()).isEqualTo(100);
        assertThat(options.getRateBytes()).isEqualTo(262_144);
        assertThat(options.getRateBytesBurst()).isEqualTo(2_097_152);
        assertThat(options.getMaxConnections()).isZero();
        assertThat(options.getConnectionReserve()).isEqualTo(256);
        assertThat(options.getMaxConnectionsPerAddress()).isEqualTo(100);
        assertThat(options.getTrustedProxies()).isEmpty();
        assertThat(options.getRequestTimeout()).isEqualTo(10);
        assertThat(options.getHttpIdleTimeout()).isEqualTo(30);
        assertThat(options.getAllowedOrigins()).containsExactly("self");
        assertThat(options.isTls()).isFalse();
        assertThat(options.getTlsCert()).isNull();
        assertThat(options.getTlsKey()).isNull();
    }

    @Test
    void theNewKeysAreReadFromJsonValues() {
        ServerOptions options = new ServerOptions(new JsonObject()
                .put("compression", true)
                .put("outboundBudget", 65_536)
                .put("rateMessages", 10)
                .put("rateBurst", 5)
                .put("rateBytes", 1_000)
                .put("rateBytesBurst", 4_000)
                .put("maxConnections", 3)
                .put("connectionReserve", 7)
                .put("maxConnectionsPerAddress", 2)
                .put("trustedProxies", new JsonArray().add("10.0.0.0/8").add("::1"))
                .put("requestTimeout", 1)
                .put("httpIdleTimeout", 5)
                .put("tlsCert", "/etc/switchboard/cert.pem")
                .put("tlsKey", "/etc/switchboard/key.pem"));
        assertThat(options.isCompression()).isTrue();
        assertThat(options.getOutboundBudget()).isEqualTo(65_536);
        assertThat(options.getRateMessages()).isEqualTo(10);
        assertThat(options.getRateBurst()).isEqualTo(5);
        assertThat(options.getRateBytes()).isEqualTo(1_000);
        assertThat(options.getRateBytesBurst()).isEqualTo(4_000);
        assertThat(options.getMaxConnections()).isEqualTo(3);
        assertThat(options.maxConnections()).isEqualTo(3);
        assertThat(options.getConnectionReserve()).isEqualTo(7);
        assertThat(options.getMaxConnectionsPerAddress()).isEqualTo(2);
        assertThat(options.getTrustedProxies()).containsExactly("10.0.0.0/8", "::1");
        assertThat(options.getRequestTimeout()).isEqualTo(1);
        assertThat(options.getHttpIdleTimeout()).isEqualTo(5);
        assertThat(options.isTls()).isTrue();
        assertThat(options.getTlsCert()).isEqualTo("/etc/switchboard/cert.pem");
        assertThat(options.getTlsKey()).isEqualTo("/etc/switchboard/key.pem");
    }

    @Test
    void theNewKeysAreReadFromStringsAsEnvironmentVariablesGiveThem() {
        ServerOptions options = new ServerOptions(new JsonObject()
                .put("compression", " TRUE ")
                .put("outboundBudget", "131072")
                .put("rateMessages", "0")
                .put("rateBurst", " 7 ")
                .put("rateBytes", "0")
                .put("rateBytesBurst", "125")
                .put("maxConnections", "0")
                .put("connectionReserve", "0")
                .put("maxConnectionsPerAddress", "0")
                .put("trustedProxies", " 10.0.0.0/8 , 192.168.0.1,, fd00::/8 ")
                .put("requestTimeout", "3600")
                .put("httpIdleTimeout", "86400")
                .put("tlsCert", " ")
                .put("tlsKey", ""));
        assertThat(options.isCompression()).isTrue();
        assertThat(options.getOutboundBudget()).isEqualTo(131_072);
        assertThat(options.getRateMessages()).isZero();
        assertThat(options.getRateBurst()).isEqualTo(7);
        assertThat(options.getRateBytes()).isZero();
        assertThat(options.getRateBytesBurst()).isEqualTo(125);
        assertThat(options.getMaxConnections()).isZero();
        assertThat(options.maxConnections())
                .as("automatic: below the descriptor limit")
                .isPositive();
        assertThat(options.getConnectionReserve()).isZero();
        assertThat(options.getMaxConnectionsPerAddress()).isZero();
        assertThat(options.getTrustedProxies()).containsExactly("10.0.0.0/8", "192.168.0.1", "fd00::/8");
        assertThat(options.getRequestTimeout()).isEqualTo(3600);
        assertThat(options.getHttpIdleTimeout()).isEqualTo(86_400);
        assertThat(options.isTls()).as("blank files mean no TLS").isFalse();
    }

    @Test
    void theNewKeysSurviveACopy() {
        ServerOptions options = new ServerOptions()
                .setCompression(true)
                .setOutboundBudget(100_000)
                .setRateMessages(3)
                .setRateBurst(4)
                .setRateBytes(5_000)
                .setRateBytesBurst(6_000)
                .setMaxConnections(7)
                .setConnectionReserve(8)
                .setMaxConnectionsPerAddress(9)
                .setTrustedProxies(List.of("10.0.0.1"))
                .setRequestTimeout(11)
                .setHttpIdleTimeout(12)
                .setTls("cert.pem", "key.pem");
        assertThat(new ServerOptions(options).toJson()).isEqualTo(options.toJson());
        assertThat(new ServerOptions(options.toJson()).toJson()).isEqualTo(options.toJson());
    }

    @Test
    void aValueOutOfBoundsNamesItsKeyAndTheBounds() {
        assertThatThrownBy(() -> new ServerOptions().setOutboundBudget(65_535))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("server.outboundBudget must be between 65536 and 1073741824, was 65535");
        assertThatThrownBy(() -> new ServerOptions().setRateMessages(-1))
                .hasMessage("server.rateMessages must be between 0 and 1000000, was -1");
        assertThatThrownBy(() -> new ServerOptions().setRateBurst(0))
                .hasMessage("server.rateBurst must be between 1 and 1000000, was 0");
        assertThatThrownBy(() -> new ServerOptions().setRateBytes(-1))
                .hasMessageStartingWith("server.rateBytes must be between 0 and ");
        assertThatThrownBy(() -> new ServerOptions().setRateBytesBurst(124))
                .hasMessageStartingWith("server.rateBytesBurst must be between 125 and ");
        assertThatThrownBy(() -> new ServerOptions().setMaxConnections(-1))
                .hasMessageStartingWith("server.maxConnections must be between 0 and ");
        assertThatThrownBy(() -> new ServerOptions().setConnectionReserve(-1))
                .hasMessageStartingWith("server.connectionReserve must be between 0 and ");
        assertThatThrownBy(() -> new ServerOptions().setMaxConnectionsPerAddress(-1))
                .hasMessageStartingWith("server.maxConnectionsPerAddress must be between 0 and ");
        assertThatThrownBy(() -> new ServerOptions().setRequestTimeout(0))
                .hasMessage("server.requestTimeout must be between 1 and 3600, was 0");
        assertThatThrownBy(() -> new ServerOptions().setHttpIdleTimeout(0))
                .hasMessage("server.httpIdleTimeout must be between 1 and 86400, was 0");
    }

    @Test
    void badValuesInJsonNameTheirKey() {
        assertThatThrownBy(() -> new ServerOptions(new JsonObject().put("outboundBudget", 1_000)))
                .hasMessage("server.outboundBudget must be between 65536 and 1073741824, was 1000");
        assertThatThrownBy(() -> new ServerOptions(new JsonObject().put("rateBurst", "lots")))
                .hasMessage("server.rateBurst 'lots' is not a whole number");
        assertThatThrownBy(() -> new ServerOptions(new JsonObject().put("compression", "gzip")))
                .hasMessage("server.compression 'gzip' is not true or false");
        assertThatThrownBy(() -> new ServerOptions(new JsonObject().put("requestTimeout", "-5")))
                .hasMessage("server.requestTimeout must be between 1 and 3600, was -5");
        assertThatThrownBy(() -> new ServerOptions(new JsonObject()
                        .put("trustedProxies", new JsonArray().add("10.0.0.0/8").add("my-proxy"))))
                .hasMessage("server.trustedProxies 'my-proxy' is not an IP address or a CIDR block such as 10.0.0.0/8");
    }

    @Test
    void aNumberTooLargeForItsKeyIsAnErrorNotAWrappedValue() {
        // 2^32 + 65536 would wrap to 65536, which is in bounds
        assertThatThrownBy(() -> new ServerOptions(new JsonObject().put("outboundBudget", 4_295_032_832L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("server.outboundBudget '4295032832'");
        assertThatThrownBy(() -> new ServerOptions(new JsonObject().put("maxConnectionsPerAddress", 2.5)))
                .hasMessageStartingWith("server.maxConnectionsPerAddress '2.5'");
    }

    @Test
    void theEnvironmentTableHasEveryVariableAndSetsEveryKey() {
        assertThat(ServerOptions.KEYS.variables())
                .containsExactly(
                        Map.entry("SWITCHBOARD_HOST", "server.host"),
                        Map.entry("SWITCHBOARD_PORT", "server.port"),
                        Map.entry("SWITCHBOARD_INSTANCES", "server.instances"),
                        Map.entry("SWITCHBOARD_THREADS", "server.threads"),
                        Map.entry("ASGI_THREADS", "server.threads"),
                        Map.entry("SWITCHBOARD_ALLOWED_ORIGINS", "server.allowedOrigins"),
                        Map.entry("SWITCHBOARD_MAX_FRAME_SIZE", "server.maxFrameSize"),
                        Map.entry("SWITCHBOARD_MAX_MESSAGE_SIZE", "server.maxMessageSize"),
                        Map.entry("SWITCHBOARD_PING_INTERVAL", "server.pingInterval"),
                        Map.entry("SWITCHBOARD_IDLE_TIMEOUT", "server.idleTimeout"),
                        Map.entry("SWITCHBOARD_HANDSHAKE_TIMEOUT", "server.handshakeTimeout"),
                        Map.entry("SWITCHBOARD_STRICT_THREAD_MODE", "server.strictThreadMode"),
                        Map.entry("SWITCHBOARD_COMPRESSION", "server.compression"),
                        Map.entry("SWITCHBOARD_OUTBOUND_BUDGET", "server.outboundBudget"),
                        Map.entry("SWITCHBOARD_RATE_MESSAGES", "server.rateMessages"),
                        Map.entry("SWITCHBOARD_RATE_BURST", "server.rateBurst"),
                        Map.entry("SWITCHBOARD_RATE_BYTES", "server.rateBytes"),
                        Map.entry("SWITCHBOARD_RATE_BYTES_BURST", "server.rateBytesBurst"),
                        Map.entry("SWITCHBOARD_MAX_CONNECTIONS", "server.maxConnections"),
                        Map.entry("SWITCHBOARD_CONNECTION_RESERVE", "server.connectionReserve"),
                        Map.entry("SWITCHBOARD_MAX_CONNECTIONS_PER_ADDRESS", "server.maxConnectionsPerAddress"),
                        Map.entry("SWITCHBOARD_TRUSTED_PROXIES", "server.trustedProxies"),
                        Map.entry("SWITCHBOARD_REQUEST_TIMEOUT", "server.requestTimeout"),
                        Map.entry("SWITCHBOARD_HTTP_IDLE_TIMEOUT", "server.httpIdleTimeout"),
                        Map.entry("SWITCHBOARD_DRAIN_PERIOD", "server.drainPeriod"),
                        Map.entry("SWITCHBOARD_STOP_DELAY", "server.stopDelay"),
                        Map.entry("SWITCHBOARD_STOP_TIMEOUT", "server.stopTimeout"),
                        Map.entry("SWITCHBOARD_TLS_CERT", "server.tlsCert"),
                        Map.entry("SWITCHBOARD_TLS_KEY", "server.tlsKey"));

        ServerOptions options = new ServerOptions(ServerOptions.KEYS.environment(Map.ofEntries(
                Map.entry("SWITCHBOARD_HOST", "127.0.0.1"),
                Map.entry("SWITCHBOARD_PORT", "8001"),
                Map.entry("SWITCHBOARD_INSTANCES", "3"),
                Map.entry("ASGI_THREADS", "5"),
                Map.entry("SWITCHBOARD_ALLOWED_ORIGINS", "self, .example.org"),
                Map.entry("SWITCHBOARD_MAX_FRAME_SIZE", "1000"),
                Map.entry("SWITCHBOARD_MAX_MESSAGE_SIZE", "2000"),
                Map.entry("SWITCHBOARD_PING_INTERVAL", "7"),
                Map.entry("SWITCHBOARD_IDLE_TIMEOUT", "8"),
                Map.entry("SWITCHBOARD_HANDSHAKE_TIMEOUT", "9"),
                Map.entry("SWITCHBOARD_STRICT_THREAD_MODE", "off"),
                Map.entry("SWITCHBOARD_COMPRESSION", "on"),
                Map.entry("SWITCHBOARD_OUTBOUND_BUDGET", "70000"),
                Map.entry("SWITCHBOARD_RATE_MESSAGES", "10"),
                Map.entry("SWITCHBOARD_RATE_BURST", "11"),
                Map.entry("SWITCHBOARD_RATE_BYTES", "12"),
                Map.entry("SWITCHBOARD_RATE_BYTES_BURST", "130"),
                Map.entry("SWITCHBOARD_MAX_CONNECTIONS", "14"),
                Map.entry("SWITCHBOARD_CONNECTION_RESERVE", "15"),
                Map.entry("SWITCHBOARD_MAX_CONNECTIONS_PER_ADDRESS", "16"),
                Map.entry("SWITCHBOARD_TRUSTED_PROXIES", "10.0.0.0/8"),
                Map.entry("SWITCHBOARD_REQUEST_TIMEOUT", "17"),
                Map.entry("SWITCHBOARD_HTTP_IDLE_TIMEOUT", "18"),
                Map.entry("SWITCHBOARD_DRAIN_PERIOD", "19"),
                Map.entry("SWITCHBOARD_STOP_DELAY", "20"),
                Map.entry("SWITCHBOARD_STOP_TIMEOUT", "21"),
                Map.entry("SWITCHBOARD_TLS_CERT", "cert.pem"),
                Map.entry("SWITCHBOARD_TLS_KEY", "key.pem"))));
        assertThat(options.toJson())
                .isEqualTo(new JsonObject()
                        .put("host", "127.0.0.1")
                        .put("port", 8001)
                        .put("instances", 3)
                        .put("threads", 5)
                        .put("allowedOrigins", new JsonArray().add("self").add(".example.org"))
                        .put("maxFrameSize", 1000)
                        .put("maxMessageSize", 2000)
                        .put("pingInterval", 7)
                        .put("idleTimeout", 8)
                        .put("handshakeTimeout", 9)
                        .put("strictThreadMode", false)
                        .put("compression", true)
                        .put("outboundBudget", 70_000)
                        .put("rateMessages", 10)
                        .put("rateBurst", 11)
                        .put("rateBytes", 12)
                        .put("rateBytesBurst", 130)
                        .put("maxConnections", 14)
                        .put("connectionReserve", 15)
                        .put("maxConnectionsPerAddress", 16)
                        .put("trustedProxies", new JsonArray().add("10.0.0.0/8"))
                        .put("requestTimeout", 17)
                        .put("httpIdleTimeout", 18)
                        .put("drainPeriod", 19)
                        .put("stopDelay", 20)
                        .put("stopTimeout", 21)
                        .put("tlsCert", "cert.pem")
                        .put("tlsKey", "key.pem"));
    }

    @Test
    void jsonOfTheWrongTypeNamesTheKeyInsteadOfBeingSkipped() {
        // the generated converter alone would pass over a value that is not a number
        assertThatThrownBy(() -> new ServerOptions(new JsonObject().put("port", "eighty")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("server.port 'eighty' is not a whole number");
        assertThatThrownBy(() -> new ServerOptions(new JsonObject().put("allowedOrigins", true)))
                .hasMessageStartingWith("server.allowedOrigins 'true' is not a list");
        assertThatThrownBy(() -> new ServerOptions(new JsonObject().put("host", new JsonArray())))
                .hasMessage("server.host '[]' is not text");
    }

    @Test
    void tlsNeedsBothFiles() {
        assertThatThrownBy(() -> new ServerOptions().setTls("cert.pem", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("server.tlsCert and server.tlsKey go together; set both PEM files, or neither for no TLS");
        assertThatThrownBy(() -> new ServerOptions().setTls(" ", "key.pem"))
                .hasMessageStartingWith("server.tlsCert and server.tlsKey go together");
        assertThatThrownBy(() -> new ServerOptions(new JsonObject().put("tlsKey", "key.pem")))
                .hasMessageStartingWith("server.tlsCert and server.tlsKey go together");
        ServerOptions on = new ServerOptions().setTls(" cert.pem ", "key.pem");
        assertThat(on.isTls()).isTrue();
        assertThat(on.getTlsCert()).isEqualTo("cert.pem");
        assertThat(on.setTls(null, null).isTls()).as("two nulls turn it off").isFalse();
    }
}
