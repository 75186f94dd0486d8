grammar Calculator {
    token TOP { <expr> }
    rule expr { <term>+ % <op> }
    token term { \d+ | '(' <expr> ')' }
    token op { <[+\-*/]> }
    regex ws-ish { \s* }
}

class CalcActions {
    method TOP($/) { make $<expr>.made }
    method expr($/) {
        my $result = $<term>[0].made;
        for $<op>.list Z $<term>[1..*] -> ($op, $t) {
            given ~$op {
                when '+' { $result += $t.made }
                when '-' { $result -= $t.made }
                when '*' { $result *= $t.made }
                when '/' { $result /= $t.made }
            }
        }
        make $result;
    }
    method term($/) { make $<expr> ?? $<expr>.made !! +$/ }
}

say Calculator.parse('2+3*(4-1)', actions => CalcActions).made;
