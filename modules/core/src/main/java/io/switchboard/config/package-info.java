// SPDX-License-Identifier: Apache-2.0
/**
 * Configuration keys: which module reads which key, of what type, set by which environment variable.
 *
 * <h2>Sections and options</h2>
 *
 * The configuration is one JSON object of sections ({@code server}, {@code layer}, {@code db}, ...). A module reads
 * its section into an options class, a Vert.x data object ({@code @DataObject @JsonGen}) whose JSON converter Vert.x
 * codegen generates. Each options class declares a {@link io.switchboard.config.ConfigKeys} table of its keys; its
 * {@code Options(JsonObject)} constructor reads through the table, so the generated converter only sees values of
 * the right type, under its property names.
 *
 * <h2>Sources</h2>
 *
 * The launcher ({@code io.switchboard.launcher.Settings}) layers, with vertx-config: built-in defaults, the JSON
 * file, environment variables, then system properties, each overriding the ones before. A key's variables and its
 * system property ({@code -Dswitchboard.<section>.<key>}) come from the tables it gathers: the modules it wires and
 * those the application names in {@code Application.configKeys()}.
 *
 * <h2>Errors</h2>
 *
 * {@link io.switchboard.config.ConfigKey} converts every value, from every source, and words every value of the
 * wrong type the same way, naming where it was set and the key: {@code SWITCHBOARD_PORT 'eighty' is not a whole
 * number (it sets server.port)}, {@code server.port 'eighty' is not a whole number}. A value of the right type but
 * out of range is reported by the options class's setter, which names the key too.
 */
package io.switchboard.config;
