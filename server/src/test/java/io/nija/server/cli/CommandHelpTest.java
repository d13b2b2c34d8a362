package io.nija.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's --help reads as prose: picocli prints each description entry on a line of its own, so an entry
 * that stops mid-sentence shows as a broken line ("in the order binance, kraken," / "coinbase, ..."), and the command
 * list shows only the first entry, which must be a whole sentence.
 */
class CommandHelpTest {
    @Test
    void everyDescriptionEntryEndsASentence() {
        List<String> broken = new ArrayList<>();
        collect(NijaRouterCli.commandLine(), broken);
        assertThat(broken).as("description entries that stop mid-sentence").isEmpty();
    }

    @Test
    void helpIsPrintedWithExitZero() {
        StringWriter out = new StringWriter();
        CommandLine cl = NijaRouterCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("sim", "--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " "))
                .contains("in the order binance, kraken, coinbase, alpaca, okx, bybit. Admin endpoints");
    }

    private static void collect(CommandLine cl, List<String> broken) {
        String name = cl.getCommandSpec().qualifiedName();
        for (String entry : cl.getCommandSpec().usageMessage().description()) {
            String s = entry.strip().replaceAll("(%n)+$", "");
            if (!s.isEmpty() && !(s.endsWith(".") || s.endsWith(":") || s.endsWith(")"))) {
                broken.add(name + ": " + s);
            }
        }
        cl.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, broken));
    }
}
