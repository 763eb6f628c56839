package io.pangea.selector.internal;

import io.pangea.api.Capability;
import io.pangea.api.facts.Fact;
import io.pangea.api.selection.ProviderStatus;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class SelectionPolicyTest {
    private final Map<String, Fact> facts = new HashMap<>();
    private final Function<String, Optional<Fact>> lookup = name -> Optional.ofNullable(facts.get(name));

    private static Candidate candidate(String name, int ranking, long serviceId, String... requires) {
        return new Candidate(Capability.CIPHER, name, name + "-codec", ranking, List.of(requires), Optional.empty(),
                serviceId, "bundle." + name);
    }

    private SelectionPolicy.Decision decide(Optional<String> override, Candidate... candidates) {
        return SelectionPolicy.decide(List.of(candidates), lookup, override);
    }

    private static String active(SelectionPolicy.Decision d) {
        return d.active().map(Candidate::provider).orElse("<none>");
    }

    @Test
    void highestRankingEligibleProviderIsActive() {
        var d = decide(Optional.empty(), candidate("low", 10, 1), candidate("high", 100, 2), candidate("mid", 50, 3));
        assertThat(active(d)).isEqualTo("high");
        assertThat(d.providers()).extracting(ProviderStatus::provider).containsExactly("high", "mid", "low");
        assertThat(d.providers()).filteredOn(ProviderStatus::active).hasSize(1);
    }

    @Test
    void unmetRequirementMakesProviderIneligibleWithReason() {
        facts.put("cpu.avx2", Fact.of("cpu.avx2", false, "/proc/cpuinfo"));
        var d = decide(Optional.empty(), candidate("native", 100, 1, "cpu.avx2"), candidate("java", 10, 2));
        assertThat(active(d)).isEqualTo("java");
        ProviderStatus nativeStatus = d.providers().get(0);
        assertThat(nativeStatus.eligible()).isFalse();
        assertThat(nativeStatus.reasons()).containsExactly("requires cpu.avx2, but cpu.avx2 = false");
    }

    @Test
    void maskedFactIsNamedInTheReason() {
        facts.put("bpf.rights", new Fact("bpf.rights", "false", "masked by configuration", true));
        var d = decide(Optional.empty(), candidate("xdp", 100, 1, "bpf.rights"), candidate("user", 10, 2));
        assertThat(active(d)).isEqualTo("user");
        assertThat(d.providers().get(0).reasons()).singleElement().asString().contains("(masked)");
    }

    @Test
    void unknownFactIsAnUnmetRequirement() {
        var d = decide(Optional.empty(), candidate("uring", 100, 1, "io_uring.usable"));
        assertThat(d.active()).isEmpty();
        assertThat(d.providers().get(0).reasons()).singleElement().asString().contains("is unknown");
    }

    @Test
    void comparisonRequirementsUseNumbersAndVersions() {
        facts.put("kernel.version", Fact.of("kernel.version", "6.1.0-18-amd64", "osrelease"));
        facts.put("memory.available", Fact.of("memory.available", 3L << 30, "meminfo"));
        var d = decide(Optional.empty(),
                candidate("needs-new-kernel", 100, 1, "kernel.version>=6.10"),
                candidate("needs-4g", 90, 2, "memory.available>=4g"),
                candidate("fits", 80, 3, "kernel.version>=5.1", "memory.available>=2g"));
        assertThat(active(d)).isEqualTo("fits");
        assertThat(d.providers().get(0).reasons()).singleElement().asString().contains("kernel.version = 6.1.0-18-amd64");
        assertThat(d.providers().get(1).eligible()).isFalse();
    }

    @Test
    void everyUnmetRequirementIsListed() {
        facts.put("cpu.avx2", Fact.of("cpu.avx2", false, "x"));
        facts.put("cap.bpf", Fact.of("cap.bpf", false, "x"));
        var d = decide(Optional.empty(), candidate("both", 100, 1, "cpu.avx2", "cap.bpf"));
        assertThat(d.providers().get(0).reasons()).hasSize(2);
    }

    @Test
    void providerReportedUnavailableIsIneligible() {
        Candidate broken = new Candidate(Capability.ERASURE, "isal", "rs", 100, List.of(),
                Optional.of("libisal.so.2 did not load"), 1, "b");
        var d = SelectionPolicy.decide(List.of(broken, candidate("java", 1, 2)), lookup, Optional.empty());
        assertThat(active(d)).isEqualTo("java");
        assertThat(d.providers().get(0).reasons()).containsExactly("libisal.so.2 did not load");
    }

    @Test
    void malformedRequirementIsAReasonNotACrash() {
        var d = decide(Optional.empty(), candidate("odd", 100, 1, "cpu.avx2 >= "), candidate("plain", 1, 2));
        assertThat(active(d)).isEqualTo("plain");
        assertThat(d.providers().get(0).reasons()).singleElement().asString().startsWith("malformed requirement");
    }

    @Test
    void overrideOfEligibleProviderWinsOverRanking() {
        var d = decide(Optional.of("low"), candidate("low", 10, 1), candidate("high", 100, 2));
        assertThat(active(d)).isEqualTo("low");
        assertThat(d.note()).isEmpty();
    }

    @Test
    void overrideOfIneligibleProviderFallsBackToRankingWithNote() {
        facts.put("cpu.aes", Fact.of("cpu.aes", false, "x"));
        var d = decide(Optional.of("aes"), candidate("aes", 200, 1, "cpu.aes"), candidate("chacha", 100, 2));
        assertThat(active(d)).isEqualTo("chacha");
        assertThat(d.note()).get().asString().contains("not eligible").contains("cpu.aes");
    }

    @Test
    void overrideOfAbsentProviderFallsBackToRankingWithNote() {
        var d = decide(Optional.of("zstd"), candidate("none", 0, 1));
        assertThat(active(d)).isEqualTo("none");
        assertThat(d.note()).get().asString().contains("not installed");
    }

    @Test
    void tiesGoToTheProviderRegisteredFirst() {
        var d = decide(Optional.empty(), candidate("second", 50, 9), candidate("first", 50, 4));
        assertThat(active(d)).isEqualTo("first");
        assertThat(d.providers()).extracting(ProviderStatus::provider).containsExactly("first", "second");
    }

    @Test
    void noCandidatesMeansNoActiveProvider() {
        var d = decide(Optional.empty());
        assertThat(d.active()).isEmpty();
        assertThat(d.providers()).isEmpty();
    }

    @Test
    void eligibleListIsBestFirst() {
        facts.put("cpu.avx2", Fact.of("cpu.avx2", false, "x"));
        var d = decide(Optional.empty(), candidate("a", 1, 1), candidate("b", 3, 2, "cpu.avx2"), candidate("c", 2, 3));
        assertThat(d.eligible()).extracting(Candidate::provider).containsExactly("c", "a");
    }
}
