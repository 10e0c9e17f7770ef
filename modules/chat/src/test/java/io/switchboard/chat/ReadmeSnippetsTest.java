// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's Java is compiled code: each snippet is a piece of a source file that the build compiles, in
 * {@code modules/} or {@code examples/}, indentation aside.
 */
class ReadmeSnippetsTest {

    private static final Path ROOT = Path.of("../..");
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyJavaSnippetInTheReadmeIsPartOfASourceFile() throws IOException {
        List<String> snippets = new ArrayList<>();
        Matcher block = JAVA_BLOCK.matcher(Files.readString(ROOT.resolve("README.md")));
        while (block.find()) {
            snippets.add(unindented(block.group(1)));
        }
        List<String> sources = new ArrayList<>();
        for (String dir : List.of("modules", "examples")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(dir))) {
                for (Path file : files.filter(ReadmeSnippetsTest::isSource).toList()) {
                    sources.add(unindented(Files.readString(file)));
                }
            }
        }

        // the tutorial consumer, and the first app's consumer, router, broadcast and test
        assertThat(snippets).hasSizeGreaterThanOrEqualTo(5);
        for (String snippet : snippets) {
            assertThat(sources)
                    .as("a source file under modules/ or examples/ holding this README snippet:%n%s", snippet)
                    .anyMatch(source -> source.contains(snippet));
        }
    }

    private static boolean isSource(Path file) {
        String path = file.toString().replace('\\', '/');
        return path.endsWith(".java") && path.contains("/src/") && !path.contains("/target/");
    }

    private static String unindented(String text) {
        return text.lines().map(String::strip).collect(Collectors.joining("\n"));
    }
}
