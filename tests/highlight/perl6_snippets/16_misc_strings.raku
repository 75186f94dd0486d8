my $json = Q:to/JSON/;
{"key": "value", "list": [1, 2, 3]}
JSON
my @paths = q:w{/etc/hosts /etc/passwd};
my $re = m{ ^ \s* '#' };
say "tab\there", 'it\'s', "quote \" inside";
say qq{nested {{braces}} and \{escaped\}};
say Q[[double [brackets] here]];
say q「mixed 「nested」 corner」;
my $email = 'user@example.com';
say "$email" ~~ /'@'/;
say "\c[GREEK SMALL LETTER ALPHA]";
printf "%-10s|%5.2f\n", 'name', 3.14159;
