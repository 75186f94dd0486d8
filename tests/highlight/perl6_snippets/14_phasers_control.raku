BEGIN { say 'compile time' }
INIT  { say 'run time start' }
END   { say 'the end' }

for 1..10 -> $i {
    FIRST { say 'first iteration' }
    NEXT  { say "after $i" }
    LAST  { say 'last one' }
    next if $i %% 2;
    last if $i > 7;
}

my $i = 0;
repeat {
    $i++;
} until $i >= 3;

loop (my $j = 0; $j < 3; $j++) { print $j }
while $i-- { print '.' }
with %*ENV<USER> -> $u { say "user $u" } else { say 'anon' }
gather { take $_ for ^3 }.say;
try { die 'oops'; CATCH { default { say .message } } }
