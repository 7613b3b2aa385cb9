module channelsbench

go 1.19
