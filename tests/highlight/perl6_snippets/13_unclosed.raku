my $x = 1;
say q{this string is never
closed at all
#`( and this comment neither
