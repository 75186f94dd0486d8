grammar Config {
    token TOP { ^ <line>* $ }
    token line { <key> \h* '=' \h* <value> \n { say "line: $<key>" } }
    token key { \w+ { my $k = ~$/; if $k eq 'x' { note "x" } } }
    token value { <-[\n]>* }
    token comment { '#' \N* \n :my $seen = 1; }
    rule section { '[' <name=key> ']' { self.log("{ $<name> }") } }
    token quoted { "'" <-[']>* "'" | '"' <-["]>* '"' }
}
my $cfg = Config.parse("a = 1\nb = 2\n");
