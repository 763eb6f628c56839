package io.pangea.probe.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The probe's configuration (etc/io.pangea.probe.cfg). Besides {@code mask}, a property
 * {@code set.<fact>} (for example {@code set.memory.available = 2g}) forces that fact's value; metatype cannot
 * describe such open-ended keys, so they are only read from the component properties.
 */
@ObjectClassDefinition(name = "Pangea capability probe",
        description = "Masks or forces hardware facts so that fallback providers can be exercised on a machine"
                + " that has the feature. set.<fact> = value (not listed here) forces a fact's value.")
public @interface ProbeConfiguration {
    @AttributeDefinition(name = "Masked facts", required = false,
            description = "Facts forced to their absent value (false, 0 or unknown), for example cpu.avx2 or"
                    + " cap.bpf; entries may be comma-separated")
    String[] mask() default {};
}
