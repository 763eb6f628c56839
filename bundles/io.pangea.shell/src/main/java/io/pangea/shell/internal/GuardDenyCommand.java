package io.pangea.shell.internal;

import io.pangea.api.guard.AddressPrefix;
import io.pangea.api.guard.GuardRuleBook;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.io.PrintStream;

@Service
@Command(scope = "guard", name = "deny", description = "Denies a source address or prefix: its packets to the node's ports are dropped; "
        + "a allow rule for the same prefix is replaced. Kept in etc/io.pangea.guard.rules.cfg and applied to every guard.")
public class GuardDenyCommand implements Action {

    @Reference(optional = true)
    GuardRuleBook rules;

    @Argument(index = 0, name = "prefix", required = true,
            description = "An address (192.0.2.7) or prefix (198.51.100.0/24, 2001:db8::/32)")
    String prefix;

    /** Where the result goes; the session's output when not set. */
    PrintStream out;

    @Override
    public Object execute() {
        AddressPrefix parsed = GuardSupport.prefix(prefix);
        GuardSupport.require(rules).deny(parsed);
        (out != null ? out : System.out).println("deny: " + parsed);
        return null;
    }
}
