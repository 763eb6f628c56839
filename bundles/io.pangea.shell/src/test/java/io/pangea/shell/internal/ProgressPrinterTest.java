package io.pangea.shell.internal;

import io.pangea.api.objects.ProgressListener.Phase;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressPrinterTest {
    private static final long MS = 1_000_000L;
    private static final long MIB = 1L << 20;

    @Test
    void printsAtMostFourTimesASecondAndTheEnd() {
        Output out = new Output();
        AtomicLong clock = new AtomicLong();
        ProgressPrinter printer = new ProgressPrinter(out.stream, false, clock::get);
        printer.progress(Phase.STORING, 0, 100 * MIB);
        for (int i = 1; i <= 100; i++) {
            clock.addAndGet(20 * MS);
            printer.progress(Phase.STORING, i * MIB, 100 * MIB);
        }
        // 2 s of updates every 20 ms: one per 250 ms at most, and the last.
        assertThat(out.lines()).hasSize(8);
        assertThat(out.lines().get(0)).isEqualTo("storing   13.0 MiB / 100.0 MiB   13%  50.0 MiB/s  ETA 0:02");
        assertThat(out.lines().get(out.lines().size() - 1))
                .isEqualTo("storing   100.0 MiB / 100.0 MiB  100%  50.0 MiB/s  done in 0:02");
    }

    @Test
    void eachPhaseStartsItsOwnClock() {
        Output out = new Output();
        AtomicLong clock = new AtomicLong();
        ProgressPrinter printer = new ProgressPrinter(out.stream, false, clock::get);
        clock.set(1000 * MS);
        printer.progress(Phase.HASHING, 10 * MIB, 10 * MIB);
        clock.addAndGet(2000 * MS);
        printer.progress(Phase.STORING, 0, 10 * MIB);
        clock.addAndGet(400 * MS);
        printer.progress(Phase.STORING, 5 * MIB, 10 * MIB);
        assertThat(out.lines()).hasSize(2);
        assertThat(out.lines().get(0)).startsWith("hashing   10.0 MiB / 10.0 MiB  100%");
        assertThat(out.lines().get(1)).isEqualTo("storing   5.0 MiB / 10.0 MiB   50%  12.5 MiB/s  ETA 0:01");
    }

    @Test
    void rewritesOneLineOnATerminal() {
        Output out = new Output();
        AtomicLong clock = new AtomicLong();
        ProgressPrinter printer = new ProgressPrinter(out.stream, true, clock::get);
        printer.progress(Phase.READING, 0, 2048);
        clock.addAndGet(500 * MS);
        printer.progress(Phase.READING, 2048, 2048);
        printer.finish();
        assertThat(out.text()).isEqualTo("\rreading   2.0 KiB / 2.0 KiB  100%  4.0 KiB/s  done in 0:01\u001b[K"
                + System.lineSeparator());
        assertThat(out.text().chars().filter(c -> c == '\n').count()).isEqualTo(1);
    }

    @Test
    void humanUnits() {
        assertThat(Bytes.human(0)).isEqualTo("0 B");
        assertThat(Bytes.human(1023)).isEqualTo("1023 B");
        assertThat(Bytes.human(1536)).isEqualTo("1.5 KiB");
        assertThat(Bytes.human(1L << 40)).isEqualTo("1.0 TiB");
        assertThat(Bytes.duration(59)).isEqualTo("0:59");
        assertThat(Bytes.duration(3725)).isEqualTo("1:02:05");
    }
}
