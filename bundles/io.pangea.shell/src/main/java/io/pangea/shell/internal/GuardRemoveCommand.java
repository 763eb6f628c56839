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
@Command(scope = "guard", name = "remove", description = "Removes the allow or deny rule of a prefix.")
public class GuardRemoveCommand implements Action {

    @Reference(optional = true)
    GuardRuleBook rules;

    @Argument(index = 0, name = "prefix", required = true,
            description = "The prefix of the rule, as guard:list shows it")
    String prefix;

    /** Where the result goes; the session's output when not set. */
    PrintStream out;

    @Override
    public Object execute() {
        AddressPrefix parsed = GuardSupport.prefix(prefix);
        if (!GuardSupport.require(rules).remove(parsed)) {
            throw new IllegalArgumentException("no allow or deny rule for " + parsed + " (see guard:list)");
        }
        (out != null ? out : System.out).println("removed: " + parsed);
        return null;
    }
}
