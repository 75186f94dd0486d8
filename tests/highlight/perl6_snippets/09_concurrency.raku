my $p = start {
    sleep 0.1;
    42
};
say await $p;

my $supplier = Supplier.new;
my $supply = $supplier.Supply;
$supply.tap: -> $v { say "got $v" };
$supplier.emit($_) for 1..3;

my $channel = Channel.new;
await (^3).map: -> $i {
    start { $channel.send($i * 2) }
};
$channel.close;
say $channel.list.sort;

react {
    whenever Supply.interval(0.05) -> $n {
        done if $n >= 2;
        say "tick $n";
    }
}
my @results = (1..10).hyper.map(* ** 2).grep(*.is-prime.not);
say @results;
