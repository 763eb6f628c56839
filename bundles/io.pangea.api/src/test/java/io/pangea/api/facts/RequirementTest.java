package io.pangea.api.facts;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequirementTest {

    private static Optional<String> check(String requirement, String value) {
        Requirement r = Requirement.parse(requirement);
        return r.unmetBy(Optional.of(Fact.of(r.fact(), value, "test")));
    }

    @Test
    void booleanAndNegation() {
        assertThat(check("cpu.avx2", "true")).isEmpty();
        assertThat(check("cpu.avx2", "false")).isPresent();
        assertThat(check("!user.root", "false")).isEmpty();
        assertThat(check("!user.root", "true")).get().asString().contains("user.root = true");
    }

    @Test
    void numbersWithUnits() {
        assertThat(check("memory.available>=2g", Long.toString(3L << 30))).isEmpty();
        assertThat(check("memory.available>=2g", Long.toString(1L << 30))).isPresent();
        assertThat(check("cpu.cores<4", "2")).isEmpty();
        assertThat(check("cpu.cores>2", "2")).isPresent();
    }

    @Test
    void versionsCompareNumericallyPartByPart() {
        assertThat(check("kernel.version>=5.1", "6.1.0-18-amd64")).isEmpty();
        assertThat(check("kernel.version>=5.10", "5.9.3")).isPresent();
        assertThat(check("kernel.version>=5.1", "5.1")).isEmpty();
        assertThat(check("jdk.version<18", "17.0.15")).isEmpty();
    }

    @Test
    void textEquality() {
        assertThat(check("os.arch=amd64", "amd64")).isEmpty();
        assertThat(check("os.arch!=amd64", "aarch64")).isEmpty();
        assertThat(check("os.arch=amd64", "aarch64")).isPresent();
    }

    @Test
    void unknownFactIsUnmet() {
        assertThat(Requirement.parse("cap.bpf").unmetBy(Optional.empty())).get().asString().contains("unknown");
    }

    @Test
    void malformedExpressionsAreRejected() {
        assertThatThrownBy(() -> Requirement.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Requirement.parse("a >= ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Requirement.parse("!a>=1")).hasMessageContaining("boolean");
        assertThatThrownBy(() -> Requirement.parse("a b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hugeNumbersDoNotOverflowIntoWrongAnswers() {
        assertThat(check("memory.available>=1g", "99999999999999999999999")).isEmpty();
        assertThat(check("kernel.version>=5.1", "99999999999999999999999.1")).isEmpty();
    }
}
