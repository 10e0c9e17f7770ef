// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelLayerOptionsTest {

    @Test
    void defaultsAreChannels() {
        ChannelLayerOptions options = new ChannelLayerOptions();
        assertThat(options.getCapacity()).isEqualTo(100);
        assertThat(options.getExpirySeconds()).isEqualTo(60);
        assertThat(options.getGroupExpirySeconds()).isEqualTo(86_400);
        assertThat(options.getChannelCapacity()).isEmpty();
        assertThat(options.capacityOf("anything")).isEqualTo(100);
    }

    @Test
    void theFirstMatchingGlobWins() {
        ChannelLayerOptions options = new ChannelLayerOptions()
                .setCapacity(10)
                .putChannelCapacity("http.request*", 200)
                .putChannelCapacity("http.*", 50)
                .putChannelCapacity("job.?", 3)
                .putChannelCapacity("exact.name", 7)
                .putChannelCapacity("a*b", 8);
        assertThat(options.capacityOf("http.request.1")).isEqualTo(200);
        assertThat(options.capacityOf("http.request")).isEqualTo(200);
        assertThat(options.capacityOf("exact.name")).isEqualTo(7);
        assertThat(options.capacityOf("exact.names")).isEqualTo(10);
        assertThat(options.capacityOf("a.middle.b")).isEqualTo(8);
        assertThat(options.capacityOf("a.middle.c")).isEqualTo(10);
        assertThat(options.capacityOf("http.response")).isEqualTo(50);
        assertThat(options.capacityOf("job.a")).isEqualTo(3);
        assertThat(options.capacityOf("job.ab")).isEqualTo(10);
        assertThat(options.capacityOf("xhttp.request")).isEqualTo(10);
    }

    @Test
    void globCharactersOtherThanStarAndQuestionMarkAreLiteral() {
        ChannelLayerOptions options = new ChannelLayerOptions().putChannelCapacity("a.b", 5);
        assertThat(options.capacityOf("a.b")).isEqualTo(5);
        assertThat(options.capacityOf("axb")).isEqualTo(100);
    }

    @Test
    void anOverrideAddedLaterIsUsed() {
        ChannelLayerOptions options = new ChannelLayerOptions().putChannelCapacity("a*", 5);
        assertThat(options.capacityOf("b1")).isEqualTo(100);
        options.putChannelCapacity("b*", 7);
        assertThat(options.capacityOf("b1")).isEqualTo(7);
    }

    @Test
    void settersRefuseValuesBelowOneNamingTheValue() {
        ChannelLayerOptions options = new ChannelLayerOptions();
        assertThatThrownBy(() -> options.setCapacity(0)).hasMessage("capacity must be > 0, was 0");
        assertThatThrownBy(() -> options.setExpirySeconds(0)).hasMessage("expiry must be > 0 seconds, was 0");
        assertThatThrownBy(() -> options.setGroupExpirySeconds(-1))
                .hasMessage("groupExpiry must be > 0 seconds, was -1");
        assertThatThrownBy(() -> options.putChannelCapacity("x*", 0))
                .hasMessage("channelCapacity['x*'] must be > 0, was 0");
        assertThatThrownBy(() -> options.putChannelCapacity(null, 1)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void jsonRoundTripsAndCopiesAreIndependent() {
        ChannelLayerOptions options = new ChannelLayerOptions()
                .setCapacity(5)
                .setExpirySeconds(7)
                .setGroupExpirySeconds(9)
                .putChannelCapacity("a*", 2);
        JsonObject json = options.toJson();
        assertThat(json.encode())
                .isEqualTo("{\"capacity\":5,\"expiry\":7,\"groupExpiry\":9,\"channelCapacity\":{\"a*\":2},"
                        + "\"groupHistory\":{},\"presenceMaxEntries\":1000,\"presenceMaxMeta\":512,"
                        + "\"presenceTimeout\":6}");
        ChannelLayerOptions read = new ChannelLayerOptions(json);
        assertThat(read.toJson()).isEqualTo(json);
        assertThat(read.capacityOf("ab")).isEqualTo(2);
        ChannelLayerOptions copy = new ChannelLayerOptions(options);
        copy.putChannelCapacity("b*", 3).setCapacity(6);
        assertThat(options.capacityOf("bx")).isEqualTo(5);
        assertThat(copy.capacityOf("bx")).isEqualTo(3);
    }

    @Test
    void theEnvironmentTableSetsCapacityAndExpiries() {
        assertThat(ChannelLayerOptions.KEYS.variables())
                .containsExactly(
                        Map.entry("SWITCHBOARD_LAYER_CAPACITY", "layer.capacity"),
                        Map.entry("SWITCHBOARD_LAYER_EXPIRY", "layer.expiry"),
                        Map.entry("SWITCHBOARD_LAYER_GROUP_EXPIRY", "layer.groupExpiry"),
                        Map.entry("SWITCHBOARD_LAYER_PRESENCE_MAX_ENTRIES", "layer.presenceMaxEntries"),
                        Map.entry("SWITCHBOARD_LAYER_PRESENCE_MAX_META", "layer.presenceMaxMeta"),
                        Map.entry("SWITCHBOARD_LAYER_PRESENCE_TIMEOUT", "layer.presenceTimeout"));
        ChannelLayerOptions options = new ChannelLayerOptions(ChannelLayerOptions.KEYS.environment(Map.of(
                "SWITCHBOARD_LAYER_CAPACITY", "250",
                "SWITCHBOARD_LAYER_EXPIRY", "30",
                "SWITCHBOARD_LAYER_GROUP_EXPIRY", "3600",
                "SWITCHBOARD_LAYER_PRESENCE_MAX_ENTRIES", "50",
                "SWITCHBOARD_LAYER_PRESENCE_MAX_META", "64",
                "SWITCHBOARD_LAYER_PRESENCE_TIMEOUT", "3")));
        assertThat(options.getCapacity()).isEqualTo(250);
        assertThat(options.getExpirySeconds()).isEqualTo(30);
        assertThat(options.getGroupExpirySeconds()).isEqualTo(3600);
        assertThat(options.getPresenceMaxEntries()).isEqualTo(50);
        assertThat(options.getPresenceMaxMetaBytes()).isEqualTo(64);
        assertThat(options.getPresenceTimeoutSeconds()).isEqualTo(3);
    }

    @Test
    void perChannelCapacitiesKeepTheirMatchOrderThroughJson() {
        ChannelLayerOptions options = new ChannelLayerOptions()
                .putChannelCapacity("z*", 1)
                .putChannelCapacity("a*", 2)
                .putChannelCapacity("m*", 3);
        assertThat(new ChannelLayerOptions(options.toJson())
                        .getChannelCapacity()
                        .keySet())
                .containsExactly("z*", "a*", "m*");
        assertThatThrownBy(() -> new ChannelLayerOptions(
                        new JsonObject().put("channelCapacity", new JsonObject().put("a*", "lots"))))
                .hasMessage("layer.channelCapacity['a*'] 'lots' is not a whole number");
    }

    @Test
    void jsonWithMissingKeysGetsTheDefaultsAndBadValuesAreRefused() {
        assertThat(new ChannelLayerOptions(new JsonObject()).toJson()).isEqualTo(new ChannelLayerOptions().toJson());
        assertThatThrownBy(() -> new ChannelLayerOptions(new JsonObject().put("capacity", 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacity must be > 0, was 0");
    }

    @Test
    void groupHistoryIsSetByPatternFirstMatchWinsAndRoundTrips() {
        ChannelLayerOptions options =
                new ChannelLayerOptions().putGroupHistory("chat_lobby", 10, 60).putGroupHistory("chat_*", 1000, 600);
        assertThat(options.historyOf("chat_lobby")).isEqualTo(new HistoryPolicy(10, 60));
        assertThat(options.historyOf("chat_room1")).isEqualTo(new HistoryPolicy(1000, 600));
        assertThat(options.historyOf("notifications")).isNull();
        JsonObject json = options.toJson();
        assertThat(json.getJsonObject("groupHistory").encode())
                .isEqualTo("{\"chat_lobby\":{\"size\":10,\"ttl\":60},\"chat_*\":{\"size\":1000,\"ttl\":600}}");
        assertThat(new ChannelLayerOptions(json).getGroupHistory()).isEqualTo(options.getGroupHistory());
        assertThat(new ChannelLayerOptions(options).historyOf("chat_x")).isEqualTo(new HistoryPolicy(1000, 600));
    }

    @Test
    void groupHistoryRefusesBadBoundsNamingThePattern() {
        ChannelLayerOptions options = new ChannelLayerOptions();
        assertThatThrownBy(() -> options.putGroupHistory("chat_*", 0, 60))
                .hasMessage("groupHistory['chat_*']: A group history keeps 1 to 4000 messages, was 0");
        assertThatThrownBy(() -> options.putGroupHistory("chat_*", 10, 0))
                .hasMessage("groupHistory['chat_*']: A group history keeps messages for 1 s or more, was 0");
    }

    @Test
    void groupHistoryFromTheConfigurationNamesWhatIsWrong() {
        assertThat(new ChannelLayerOptions(
                                new JsonObject("{\"groupHistory\": {\"chat_*\": {\"size\": 1000, \"ttl\": 600}}}"))
                        .historyOf("chat_x"))
                .isEqualTo(new HistoryPolicy(1000, 600));
        assertThatThrownBy(() -> new ChannelLayerOptions(new JsonObject().put("groupHistory", "chat_*")))
                .hasMessage("layer.groupHistory 'chat_*' is not an object of names to objects");
        assertThatThrownBy(() -> new ChannelLayerOptions(new JsonObject("{\"groupHistory\": {\"chat_*\": 5}}")))
                .hasMessage("layer.groupHistory['chat_*'] '5' is not an object");
        assertThatThrownBy(() -> new ChannelLayerOptions(
                        new JsonObject("{\"groupHistory\": {\"chat_*\": {\"size\": \"many\", \"ttl\": 60}}}")))
                .hasMessage("layer.groupHistory['chat_*'].size 'many' is not a whole number");
        assertThatThrownBy(() ->
                        new ChannelLayerOptions(new JsonObject("{\"groupHistory\": {\"chat_*\": {\"size\": 10}}}")))
                .hasMessage("layer.groupHistory['chat_*'].ttl 'null' is not a whole number");
        assertThatThrownBy(() -> new ChannelLayerOptions(
                        new JsonObject("{\"groupHistory\": {\"chat_*\": {\"size\": 0, \"ttl\": 60}}}")))
                .hasMessage("layer.groupHistory['chat_*']: A group history keeps 1 to 4000 messages, was 0");
    }
}
