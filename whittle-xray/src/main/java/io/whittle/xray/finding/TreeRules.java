package io.whittle.xray.finding;

import io.whittle.xray.fs.MergedTree;
import java.util.ArrayList;
import java.util.List;

/** Runs every tree rule over one walk of the merged file system. */
final class TreeRules {
    private TreeRules() {
    }

    static List<Finding> check(MergedTree tree, long bigFileBytes) {
        List<TreeRule> rules = List.of(new SpecialBitsRule(), new WorldWritableRule(), new ToolsRule(),
                new CacheRule(), new BigFileRule(bigFileBytes));
        tree.forEach(file -> {
            for (TreeRule rule : rules) {
                rule.visit(file);
            }
        });
        List<Finding> out = new ArrayList<>();
        for (TreeRule rule : rules) {
            rule.finish(out);
        }
        return out;
    }
}
