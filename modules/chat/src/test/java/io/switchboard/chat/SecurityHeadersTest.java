// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SecurityHeadersTest extends ChatOnH2 {

    @Test
    void pagesFilesApiAnswersAndErrorsCarryTheBrowserProtections() throws Exception {
        start(new JsonObject());
        Visitor visitor = server.visitor();
        assertProtected(visitor.get("/chat/"), 200);
        assertProtected(visitor.get("/chat/lobby/"), 200);
        assertProtected(visitor.get("/static/chat/room.js"), 200);
        assertProtected(visitor.get("/chat/api/rooms"), 200);
        assertThat(visitor.logIn("nobody", "wrong password").status()).isEqualTo(401);
        assertProtected(visitor.last(), 401);
        assertProtected(visitor.get("/static/chat/missing.js"), 404);
    }

    @Test
    void thePagesNeedNoInlineScriptOrStyle() throws Exception {
        start(new JsonObject());
        Visitor visitor = server.visitor();
        for (String page : new String[] {"/chat/", "/chat/lobby/"}) {
            String html = visitor.get(page).bodyAsString();
            assertThat(html).as(page).doesNotContainPattern("<script(?![^>]*\\bsrc=)");
            assertThat(html).as(page).doesNotContain("<style", "style=");
            assertThat(html).as(page).doesNotContainPattern("\\son[a-z]+\\s*=");
        }
    }

    private static void assertProtected(HttpResponse<Buffer> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.getHeader("Content-Security-Policy"))
                .isEqualTo("default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self';"
                        + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
        assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.getHeader("Referrer-Policy")).isEqualTo("same-origin");
        assertThat(response.getHeader("X-Frame-Options")).isEqualTo("DENY");
    }
}
