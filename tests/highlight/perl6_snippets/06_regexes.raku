my $str = 'The quick brown fox 2023-11-28';
if $str ~~ / (\d ** 4) '-' (\d ** 2) '-' (\d ** 2) / {
    say "Year $0, month $1, day $2";
}
if $str ~~ m:i/ QUICK \s+ (\w+) / { say ~$0 }
my $r = rx{ <[a..z]>+ };
say $str.comb($r).join(',');
(my $copy = $str) ~~ s/quick/slow/;
$copy ~~ s:g/o/0/;
say $copy;
say $str.subst(/\d/, '#', :g);
my @words = $str ~~ m:g/ <|w> \w+ <|w> /;
given $str {
    when /fox/ { say 'found a fox' }
    default    { say 'no fox' }
}
say 'a/b/c'.split('/');
my $tr = 'hello';
$tr ~~ tr/a..z/A..Z/;
say $tr;
